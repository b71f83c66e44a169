"""The images in docs/ are drawn from the shipped data by the code as it is: each records what it was drawn
from, and `scripts/docs_images.py` redraws them when the data or the drawing code moves on."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("docs_images", ROOT / "scripts" / "docs_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_image_in_the_docs_was_drawn_from_this_data_by_this_code():
    script = _script()
    expected = script.stamp()
    assert set(script.IMAGES) == {p.name for p in (ROOT / "docs").glob("*.png")}
    for name in script.IMAGES:
        with Image.open(ROOT / "docs" / name) as image:
            drawn_from = image.text.get(script.STAMP)
        assert drawn_from == expected, f"docs/{name} is stale: run .venv/bin/python scripts/docs_images.py"
