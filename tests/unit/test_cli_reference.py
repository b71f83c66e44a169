"""docs/cli.md is the commands' own help: a command's new option or changed text must reach the page."""

from __future__ import annotations

from kg.cli.reference import REFERENCE, reference_text


def test_the_cli_reference_page_is_the_commands_help():
    page = REFERENCE.read_text(encoding="utf-8")
    assert page == reference_text(), "run python -m kg.cli.reference to rewrite docs/cli.md"
    assert "## `kg load world`" in page and "nodes" in page.split("## `kg export`")[1].split("## ")[0]
