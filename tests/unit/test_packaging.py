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


def test_every_dependency_is_bounded_and_pinned_within_its_bounds():
    """Each dependency (runtime and test) stops below a version it was not tested with, and the lock that
    setup installs from pins every one of them to a version its range allows."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]
    unbounded = [str(r) for r in wanted if not any(s.operator in ("<", "<=", "~=", "==") for s in r.specifier)]
    assert unbounded == []
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    outside = [f"{r} (locked {pins.get(r.name.lower())})" for r in wanted
               if r.name.lower() not in pins or not r.specifier.contains(pins[r.name.lower()])]
    assert outside == []


def test_the_version_is_said_once_for_every_place_that_shows_it():
    """A release moves one number: pyproject's version is the installed one, CITATION.cff cites it, and the
    Wikidata fetch introduces itself with it."""
    import tomllib
    from importlib.metadata import version

    from kg.loaders.wikidata_fetch import USER_AGENT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    cited = next(line.split(":", 1)[1].strip().strip('"') for line in
                 (ROOT / "CITATION.cff").read_text(encoding="utf-8").splitlines() if line.startswith("version:"))
    assert declared == version("twinning-kg") == cited
    assert USER_AGENT.startswith(f"twinning-kg/{declared} ")
