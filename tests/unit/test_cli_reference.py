"""docs/cli.md is the commands' own help and docs/python-api.md the API's own signatures and docstrings: a new
option, parameter or changed text must reach the page."""

from __future__ import annotations

from kg.cli.reference import API_REFERENCE, REFERENCE, api_reference_text, reference_text


def test_the_cli_reference_page_is_the_commands_help():
    page = REFERENCE.read_text(encoding="utf-8")
    assert page == reference_text(), "run python -m kg.cli.reference to rewrite docs/cli.md"
    assert "## `kg load world`" in page and "nodes" in page.split("## `kg export`")[1].split("## ")[0]


def test_the_python_api_page_is_the_apis_own_text():
    page = API_REFERENCE.read_text(encoding="utf-8")
    assert page == api_reference_text(), "run python -m kg.cli.reference to rewrite docs/python-api.md"
    assert "### `TwinningGraph.hops`" in page and "### `world_sources`" in page
    assert "max_hops: int = 2" in page and "'Hops'" not in page
