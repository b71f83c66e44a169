"""Network pages drawn in headless Chromium: offline, self-contained, escaped."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

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
