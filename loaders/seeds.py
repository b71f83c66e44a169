"""The curated seed knowledge base shipped with the package: one YAML file per source document."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg.loaders.curated_yaml import load_yaml
from kg.records import Dataset


def seed_files() -> list[Path]:
    """The curated seed files shipped with the package, in order."""
    folder = resources.files("kg.data") / "seeds"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def parse_seeds() -> Dataset:
    """All curated seed files as one Dataset: every file is validated before anything is written."""
    dataset = Dataset()
    for path in seed_files():
        dataset.extend(load_yaml(path))
    return dataset
