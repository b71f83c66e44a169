"""Issue 14: dependencies point one way. Each stage imports only earlier stages; loaders read sources and
depend on the records, errors, vocabulary and name resolution, never on the store; the core never imports
loaders (only the pipeline entry points in the API and the CLI compose them)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the flow, earliest first: a module may import its own stage and the stages before it
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
