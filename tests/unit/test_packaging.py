"""What `pip install twinning-kg` puts in a user's environment: one top-level package, `kg`, with the
loaders, the Cypher library and the shipped data inside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # builds the wheel with setuptools from PyPI (a few seconds)
def test_the_wheel_claims_only_kg_and_carries_the_queries_and_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True)
    names = zipfile.ZipFile(next(tmp_path.glob("twinning_kg-*.whl"))).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"kg"}
    assert "kg/loaders/edge_csv.py" in names and "kg/cypher/within_hops.cypher" in names
    assert "kg/cypher/reads/partner_context.cypher" in names and "kg/cypher/writes/merge_pair.cypher" in names
    assert any(name.startswith("kg/data/world/") for name in names)
    assert any(name.startswith("kg/data/seeds/documents/") for name in names)
