"""The research notebook (docs/twinning-research.ipynb) and the API's own examples (its docstrings' doctests)
run against the test server: a change that breaks them fails."""

from __future__ import annotations

from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "twinning-research.ipynb"


def test_the_research_notebook_runs_on_the_seeds(seeded_db, neo4j_settings, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    for name, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USERNAME", neo4j_settings.username),
                        ("NEO4J_PASSWORD", neo4j_settings.password), ("NEO4J_DATABASE", neo4j_settings.database),
                        ("KG_CACHE_DIR", str(tmp_path)), ("MPLBACKEND", "Agg")):
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()  # raises on the first failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "Vinnytsya" in texts and "diameter" in texts and "Leiden communities" in texts
    # central cities by name, countryless cities left out with a sentence, the report's map of Poland
    central = [str(o.get("data", {}).get("text/plain", "")) for cell in notebook.cells
               if "degree_centrality" in cell.source for o in cell.outputs]
    assert "Vinnytsya" in "".join(central) and "gn:" not in "".join(central)
    assert "have no country and are left out" in texts
    assert any("image/png" in o.get("data", {}) for o in outputs)


def test_the_api_examples_run_as_written(seeded_db, cli_env, monkeypatch):
    import doctest

    import kg.api

    for name, value in cli_env.items():
        monkeypatch.setenv(name, value)
    found = 0
    for module in (kg.api, kg.api.graph, kg.api.network, kg.api.checks, kg.api.sources, kg.api.server):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, raise_on_error=False, report=True)
        assert result.failed == 0, module.__name__
        found += result.attempted
    assert found >= 6
