"""The code's shape: imports point from later stages to earlier ones, and the schema speaks the vocabulary."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


STAGES = ["base", "kg.resolve", "kg.store", "kg.pipeline", "kg.analysis", "kg.views", "kg.api", "kg.cli"]


BASE = {"kg.errors", "kg.settings", "kg.records", "kg.vocabulary", "kg.files", "kg.cells"}


LOADERS_MAY_USE = {"base", "kg.resolve"}


def stage_of(module: str) -> str | None:
    if module in BASE:
        return "base"
    if module.startswith("loaders"):
        return "loaders"
    return next((s for s in STAGES[1:] if module == s or module.startswith(s + ".")), None)


def imports_of(path: Path) -> set[str]:
    """Every kg/loaders module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.split(".")[0] in ("kg", "loaders")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_imports_point_from_later_stages_to_earlier_ones():
    wrong = []
    for path in sorted([*ROOT.glob("kg/**/*.py"), *ROOT.glob("loaders/*.py")]):
        own = module_name(path)
        own_stage = stage_of(own)
        if own in ("kg", "kg.__main__", "kg.data"):
            continue
        assert own_stage, f"{own} belongs to no stage: add it to STAGES or BASE"
        for imported in imports_of(path):
            stage = stage_of(imported)
            if own_stage == "loaders":
                ok = stage in LOADERS_MAY_USE or stage == "loaders"
            elif stage == "loaders":
                ok = own_stage in ("kg.api", "kg.cli")
            else:
                ok = stage is not None and STAGES.index(stage) <= STAGES.index(own_stage)
            if not ok:
                wrong.append(f"{own} ({own_stage}) imports {imported} ({stage})")
    assert wrong == []


def test_the_rule_catches_a_backward_import(tmp_path):
    stray = tmp_path / "stray.py"
    stray.write_text("from kg.store.database import Database\nimport loaders.world\n", encoding="utf-8")
    assert imports_of(stray) == {"kg.store.database", "loaders.world"}
    assert STAGES.index(stage_of("kg.store.database")) > STAGES.index(stage_of("kg.resolve.resolver"))


def test_the_schema_of_record_speaks_the_vocabulary():
    from kg import vocabulary
    from kg.store.models import LABELS, NODE_CLASSES

    assert LABELS == vocabulary.LABELS
    types = {definition.definition["relation_type"] for cls in NODE_CLASSES
             for definition in cls.defined_properties(aliases=False, properties=False).values()}
    assert types == set(vocabulary.RELATIONSHIP_TYPES)


def test_every_key_form_is_a_key_and_a_reference_splits_at_its_last_comma():
    from kg.vocabulary import (
        boundary_key,
        geonames_key,
        is_city_key,
        part_key,
        split_reference,
        subdivision_key,
        unresolved_key,
        wikidata_key,
    )

    keys = [geonames_key(3067696), subdivision_key("GB-TAM"), boundary_key("24449704B27916730634453"),
            part_key("gn:1850147", "koto"), wikidata_key("Q1017790"), unresolved_key("PL", "gulcz wielen")]
    assert all(is_city_key(k) for k in keys) and not is_city_key("iso gb tam") and not is_city_key("Prague")
    assert split_reference("St. Cloud, Minnesota, US") == ("St. Cloud, Minnesota", "US")
    assert split_reference("Kielce") == ("Kielce", None)


def test_the_library_raises_only_kg_errors():
    import importlib
    import inspect

    from kg.errors import KGError

    foreign = []
    for path in sorted([*ROOT.glob("kg/**/*.py"), *ROOT.glob("loaders/*.py")]):
        name = module_name(path)
        if name in ("kg.__main__",):
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, BaseException) and not issubclass(cls, KGError):
                foreign.append(f"{name}.{cls.__name__}")
    assert foreign == []
