"""Time to generate, and file size, for views of 100, 1,000 and 5,000 nodes of the world
graph; time until a 1,000-node page is drawn in headless Chromium (offline). Targets: 1,000 nodes generated in
under 2 s and drawn in under 5 s.

    python -m bench.bench_render
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import bench_database, ensure_world
from kg.api import TwinningGraph
from kg.views.render import ViewOptions, build_html, limit_nodes, write_page


def main() -> None:
    db = bench_database()
    ensure_world(db)
    graph = TwinningGraph(database=db)
    started = time.perf_counter()
    whole = graph.view_graph()
    print(f"whole graph fetched: {whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges "
          f"in {time.perf_counter() - started:.2f} s")
    folder = Path(tempfile.mkdtemp())
    for size in (100, 1000, 5000):
        started = time.perf_counter()
        sub, _, _ = limit_nodes(whole, size)
        page, report = build_html(sub, ViewOptions(title=f"{size} nodes"))
        path = write_page(page, folder / f"view-{size}.html")
        seconds = time.perf_counter() - started
        print(f"{size:>5} nodes: generated in {seconds:.2f} s ({report.layout} layout, {report.edges} edges), "
              f"{path.stat().st_size / 1e6:.2f} MB")
    chromium = shutil.which("chromium")
    if chromium:
        page = folder / "view-1000.html"
        started = time.perf_counter()
        dom = subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                              "--proxy-server=127.0.0.1:9", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        wall = time.perf_counter() - started
        drawn = re.search(r'data-kg-drawn-ms="(\d+)"', dom)
        print(f"1000 nodes in headless Chromium: drawn {int(drawn.group(1)) / 1000:.2f} s after navigation start; "
              f"browser start to DOM dump {wall:.2f} s" if drawn else "1000 nodes: NOT drawn")
    shutil.rmtree(folder)
    db.close()


if __name__ == "__main__":
    main()
