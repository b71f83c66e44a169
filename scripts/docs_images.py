"""Redraw the images in docs/ from the shipped data: the seeds and the three world sources on the Neo4j the
settings name (loaded first when the graph is empty), then Poland's partnership map as `kg report` draws it
and two network views as headless Chromium shows them. Each PNG records the data release and the digest of
the drawing code it came from (`tests/unit/test_docs_images.py` fails when either has moved on).

    .venv/bin/python scripts/docs_images.py      # needs a running Neo4j and Debian's chromium
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DRAWING_CODE = ("kg/analysis/figures.py", "kg/analysis/maps.py", "kg/analysis/report.py", "kg/views/render.py",
                "kg/views/selection.py", "kg/web/templates/base.html", "kg/web/templates/city.html",
                "kg/web/static/app.css", "scripts/docs_images.py")
IMAGES = ("partnerships_PL.png", "kielce-two-hops.png", "world-geo-view.png", "kielce-web.png")
STAMP = "twinning-kg drawn from"  # the PNG text chunk's key
CHROMIUM_FLAGS = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--no-sandbox",
                  "--disable-gpu", "--hide-scrollbars", "--headless=new", "--virtual-time-budget=15000"]


def stamp() -> str:
    """What an image was drawn from: the data release and the drawing code's digest."""
    from kg.api import data_release

    digest = hashlib.sha256()
    for name in DRAWING_CODE:
        digest.update((ROOT / name).read_bytes())
    return f"data release {data_release()}; drawing code sha256:{digest.hexdigest()[:16]}"


def stamped(png: Path, text: str) -> None:
    """Rewrite `png` with `text` under `STAMP` (Pillow, which matplotlib brings)."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(STAMP, text)
    with Image.open(png) as image:
        image.load()
        image.save(png, pnginfo=info, optimize=True)


def screenshot(page: Path, png: Path, size: str) -> None:
    browser = shutil.which("chromium") or sys.exit("chromium is needed: bash scripts/setup-browser.sh")
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--window-size={size}", f"--screenshot={png}", page.as_uri()],
                   capture_output=True, timeout=180, check=True)


def web_screenshot(graph, path: str, png: Path, size: str) -> None:
    """A page of `kg serve`'s app over `graph` as Chromium shows it (loopback is never proxied: the page is
    served, anything else refused)."""
    from kg.web.app import create_app, serving

    browser = shutil.which("chromium") or sys.exit("chromium is needed: bash scripts/setup-browser.sh")
    flags = [flag if not flag.startswith("--host-resolver-rules=") else flag + " , EXCLUDE 127.0.0.1"
             for flag in CHROMIUM_FLAGS]
    with serving(create_app(graph)) as base:
        subprocess.run([browser, *flags, f"--window-size={size}", f"--screenshot={png}", base + path],
                       capture_output=True, timeout=180, check=True)


def main() -> None:
    from kg import api
    from kg.analysis.statistics import network_types, twinning_network
    from kg.records import PartnershipView

    graph = api.TwinningGraph()
    if not graph.status()["labels"].get("City"):
        graph.load(api.seed_documents())
        for _, _, parse in api.world_sources():
            graph.load(parse)
    text = stamp()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        from kg.analysis.figures import figure_style
        from kg.analysis.maps import partnership_map

        with figure_style():
            network = twinning_network(graph.db, PartnershipView(tuple(network_types(False))))
            png, _ = partnership_map(*network, work / "partnerships_PL", "Partnerships of cities in Poland", "PL")
        shutil.copy(png, DOCS / "partnerships_PL.png")
        graph.render(str(work / "kielce.html"), city="Kielce", hops=2)
        screenshot(work / "kielce.html", DOCS / "kielce-two-hops.png", "1280,1080")
        graph.render(str(work / "world.html"), max_nodes=2000, layout="geo")
        screenshot(work / "world.html", DOCS / "world-geo-view.png", "1600,900")
        web_screenshot(graph, "/city/gn%3A769250", DOCS / "kielce-web.png", "1280,1000")
    for name in IMAGES:
        stamped(DOCS / name, text)
        print(f"docs/{name}: {text}")


if __name__ == "__main__":
    main()
