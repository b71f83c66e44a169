"""Network pages drawn in headless Chromium: offline, self-contained, escaped."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kg.analysis.maps import LAND
from tests.chromium import distinct_colours, drawn, dump_dom, screenshot, script_errors

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "kielce-two-hops.png"


EVIL = "</script><script>document.documentElement.setAttribute('data-pwned','1')</script>"


def no_external_requests(page: str) -> bool:
    return not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["\']?(?:https?:)?//', page, re.I)


@pytest.mark.browser
def test_kielce_view_is_self_contained_and_draws_offline(run_kg, seeded_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_kg("render", "Kielce", "--hops", "2", "-o", "kielce.html")
    assert result.exit_code == 0, result.output
    assert "7 nodes, 6 relationships, force layout" in result.output
    page = (tmp_path / "kielce.html").read_text(encoding="utf-8")
    assert no_external_requests(page) and "bootstrap" not in page.lower()
    assert "vis.Network" in page and '<meta charset="utf-8">' in page
    assert not (tmp_path / "lib").exists()  # pyvis's "local" mode would have written one
    dom = dump_dom(tmp_path / "kielce.html")
    assert drawn(dom) and script_errors(dom) is None
    png = screenshot(tmp_path / "kielce.html", tmp_path / "kielce.png")
    assert distinct_colours(png) > 50  # a drawn network, not a blank page
    if os.environ.get("KG_UPDATE_SCREENSHOT") == "1" or not SCREENSHOT.exists():  # the README's picture
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(png.read_bytes())


@pytest.mark.browser
def test_data_reaching_the_page_is_escaped_and_runs_nothing(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty_db.write("CREATE (a:City {key: 'name:PL:evil', name: $evil, name_folded: 'evil', country: 'PL', "
                   "search_names: ['evil']})-[:PARTNER_OF {sources: [$evil], areas: [$evil]}]->"
                   "(:City {key: 'name:PL:good', name: 'Good <b>town</b>', name_folded: 'good town', country: 'PL'})",
                   evil=EVIL)
    result = run_kg("render", "name:PL:evil", "--hops", "1", "-o", "evil.html", "--title", EVIL)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "evil.html").read_text(encoding="utf-8")
    assert "<script>document.documentElement" not in page
    assert "&lt;/script&gt;" in page  # the title, escaped as text
    dom = dump_dom(tmp_path / "evil.html")
    assert drawn(dom) and script_errors(dom) is None
    assert not re.search(r"<html[^>]*data-pwned", dom)  # the payload never ran


def land_share(png: Path) -> float:
    """The share of the screenshot painted in the map's land colour."""
    import matplotlib.image as mpimg
    import numpy as np
    from matplotlib.colors import to_rgb

    pixels = mpimg.imread(png)[..., :3]
    return float((np.abs(pixels - np.array(to_rgb(LAND))).max(axis=2) < 0.02).mean())


@pytest.mark.browser
def test_a_geo_view_draws_the_outlines_under_the_network_offline(run_kg, seeded_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    result = run_kg("render", "--country", "PL", "--layout", "geo", "-o", "poland.html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "poland.html").read_text(encoding="utf-8")
    assert no_external_requests(page) and "data:image/png;base64," in page and "beforeDrawing" in page
    dom = dump_dom(tmp_path / "poland.html")
    assert drawn(dom) and script_errors(dom) is None
    with_map = land_share(screenshot(tmp_path / "poland.html", tmp_path / "poland.png"))
    run_kg("render", "--country", "PL", "--layout", "spring", "-o", "plain.html")
    without = land_share(screenshot(tmp_path / "plain.html", tmp_path / "plain.png"))
    assert with_map > 0.05 and without < 0.001  # land is painted only where the outlines are drawn


@pytest.mark.browser
def test_a_crowded_view_hides_its_edges_until_hover_without_a_script_error(tmp_path):
    import networkx as nx

    from kg.views.render import ViewOptions, build_html, write_page

    graph = nx.MultiGraph()
    for i in range(6):
        graph.add_node(f"c{i}", kind="city", name=f"City {i}", country="PL", latitude=50.0 + i, longitude=20.0 + i)
    graph.add_edges_from([("c0", "c1"), ("c1", "c2"), ("c2", "c3"), ("c3", "c4")], relation="PARTNER_OF")
    page, _ = build_html(graph, ViewOptions(layout="geo", hover_edges_above=3))
    dom = dump_dom(write_page(page, tmp_path / "crowded.html"))
    assert drawn(dom) and script_errors(dom) is None
