"""Headless Chromium with networking disabled: screenshots and the DOM after scripts ran."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

OFFLINE = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--no-sandbox", "--disable-gpu",
           "--hide-scrollbars", "--headless=new", "--virtual-time-budget=10000"]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: scripts/setup-browser.sh should have installed it")
        pytest.skip("headless Chromium not installed (bash scripts/setup-browser.sh)")
    return path


def dump_dom(page: Path) -> str:
    """The DOM once the page's scripts ran. On a busy machine 10 s of virtual time may end before the view
    has drawn (the test suite's own server starts or loads beside it): then with 30 s and 60 s, which a view that
    never draws fails just the same."""
    for budget in ("10000", "30000", "60000"):
        flags = [flag if not flag.startswith("--virtual-time-budget=") else f"--virtual-time-budget={budget}"
                 for flag in OFFLINE]
        result = subprocess.run([chromium(), *flags, "--dump-dom", page.resolve().as_uri()], capture_output=True,
                                text=True, timeout=120)
        if 'data-kg-drawn="yes"' in result.stdout:
            break
    return result.stdout


def screenshot(page: Path, png: Path, size: str = "1280,900") -> Path:
    subprocess.run([chromium(), *OFFLINE, f"--window-size={size}", f"--screenshot={png}", page.resolve().as_uri()],
                   capture_output=True, timeout=120, check=True)
    return png


def distinct_colours(png: Path) -> int:
    import matplotlib.image as mpimg
    import numpy as np

    pixels = (mpimg.imread(png)[..., :3] * 255).astype("uint8").reshape(-1, 3)
    return len(np.unique(pixels, axis=0))


def drawn(dom: str) -> bool:
    return bool(re.search(r'data-kg-drawn="yes"', dom)) and "<canvas" in dom


def script_errors(dom: str) -> str | None:
    """What the page's error hook recorded on <html data-kg-errors="...">, or None."""
    m = re.search(r'<html[^>]*\sdata-kg-errors="([^"]*)"', dom)
    return m.group(1) if m else None
