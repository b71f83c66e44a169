"""The code's shape: imports point from later stages to earlier ones, and the schema speaks the vocabulary."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


STAGES = ["base", "kg.resolve", "kg.store", "kg.pipeline", "kg.analysis", "kg.views", "kg.api", "kg.web", "kg.cli"]


BASE = {"kg.errors", "kg.settings", "kg.records", "kg.vocabulary", "kg.files", "kg.cells", "kg.geo", "kg.values",
        "kg.release"}


LOADERS_MAY_USE = {"base", "kg.resolve"}


def stage_of(module: str) -> str | None:
    if module in BASE:
        return "base"
    if module == "kg.loaders" or module.startswith("kg.loaders."):
        return "loaders"
    return next((s for s in STAGES[1:] if module == s or module.startswith(s + ".")), None)


def imports_of(path: Path, module: str | None = None) -> set[str]:
    """Every kg/loaders module a file imports, at the top or inside a function; a relative import
    (`from ..store import writer`) is resolved against the file's own module name."""
    module = module or module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(target)
            if not node.module:  # `from . import writer`: the modules named
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.split(".")[0] == "kg"}


def module_name(path: Path, root: Path = ROOT) -> str:
    """The module a file is installed as: loaders/ is kg.loaders (pyproject's package-dir)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[0] == "loaders":
        parts = ["kg", *parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def backward_imports(root: Path) -> list[str]:
    """Imports that point from an earlier stage to a later one (or from a loader to anything but the base
    and resolution, or into the loaders from anywhere but the API and the CLI), in the tree at `root`."""
    wrong = []
    for path in sorted([*root.glob("kg/**/*.py"), *root.glob("loaders/*.py")]):
        own = module_name(path, root)
        own_stage = stage_of(own)
        if own in ("kg", "kg.__main__", "kg.data", "kg.loaders"):
            continue
        if not own_stage:
            wrong.append(f"{own} belongs to no stage: add it to STAGES or BASE")
            continue
        for imported in imports_of(path, own):
            stage = stage_of(imported)
            if own_stage == "loaders":
                ok = stage in LOADERS_MAY_USE or stage == "loaders"
            elif own_stage == "kg.cli":  # the CLI is a shell over the API (and starts the web app)
                ok = stage in ("base", "kg.api", "kg.web", "kg.cli")
            elif own_stage == "kg.web":  # the web app, like the CLI, asks the graph only through the API
                ok = stage in ("base", "kg.api", "kg.web")
            elif stage == "loaders":
                ok = own_stage == "kg.api"
            else:
                ok = stage is not None and STAGES.index(stage) <= STAGES.index(own_stage)
            if not ok:
                wrong.append(f"{own} ({own_stage}) imports {imported} ({stage})")
    return wrong


def test_imports_point_from_later_stages_to_earlier_ones():
    assert backward_imports(ROOT) == []


def test_the_rule_catches_a_planted_backward_import(tmp_path):
    """A tree with resolution importing the store, absolutely and relatively, a loader importing the store,
    and the CLI going around the API to the server and to a loader: the rule names all five."""
    for name, text in {"kg/__init__.py": "", "kg/resolve/__init__.py": "", "kg/store/__init__.py": "",
                       "kg/store/database.py": "", "kg/store/writer.py": "",
                       "kg/resolve/absolute.py": "from kg.store.database import Database\n",
                       "kg/resolve/relative.py": "from ..store import writer\n",
                       "loaders/__init__.py": "", "loaders/stray.py": "import kg.store.database\n",
                       "kg/cli/__init__.py": "", "kg/api.py": "",
                       "kg/cli/around.py": "from kg.store.server import LocalServer\nfrom kg.api import local_server\n",
                       "kg/cli/loading.py": "def load():\n    from kg.loaders.seeds import parse_seeds\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    wrong = backward_imports(tmp_path)
    assert any(w.startswith("kg.resolve.absolute (kg.resolve) imports kg.store.database") for w in wrong)
    assert any(w.startswith("kg.resolve.relative (kg.resolve) imports kg.store") for w in wrong)
    assert any(w.startswith("kg.loaders.stray (loaders) imports kg.store.database") for w in wrong)
    assert any(w.startswith("kg.cli.around (kg.cli) imports kg.store.server") for w in wrong)
    assert any(w.startswith("kg.cli.loading (kg.cli) imports kg.loaders.seeds") for w in wrong)
    assert not any("imports kg.api" in w for w in wrong)


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


def foreign_raises(root: Path) -> list[str]:
    """`raise SomeError(...)` statements in the library whose exception is a built-in one (ValueError, ...):
    a caller catches `KGError` and must get everything the library means to raise. A module's `__getattr__`
    raises AttributeError: Python's protocol for a name a module lacks."""
    import builtins

    found = []
    for path in sorted([*root.glob("kg/**/*.py"), *root.glob("loaders/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        protocol = {id(node) for function in ast.walk(tree)
                    if isinstance(function, ast.FunctionDef) and function.name == "__getattr__"
                    for node in ast.walk(function)}
        for node in ast.walk(tree):
            if id(node) in protocol:
                continue
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name):
                name = node.exc.func.id
                builtin = getattr(builtins, name, None)
                if isinstance(builtin, type) and issubclass(builtin, BaseException):
                    found.append(f"{path.relative_to(root)}:{node.lineno} raises {name}")
    return found


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
    assert foreign_raises(ROOT) == []


def test_the_raise_rule_catches_a_planted_value_error(tmp_path):
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "stray.py").write_text("def f():\n    raise ValueError('no')\n", encoding="utf-8")
    assert foreign_raises(tmp_path) == ["kg/stray.py:2 raises ValueError"]


def undocumented(root: Path) -> list[str]:
    """Public functions and classes (of kg/ and loaders/) without a docstring saying why they are there."""
    found = []
    for path in sorted([*root.glob("kg/**/*.py"), *root.glob("loaders/*.py")]):
        where = path.relative_to(root)
        pending = [(node, "") for node in ast.parse(path.read_text(encoding="utf-8")).body]
        while pending:
            node, prefix = pending.pop(0)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if not node.name.startswith("_") and not ast.get_docstring(node):
                    found.append(f"{where}:{node.lineno} {prefix}{node.name}")
                if isinstance(node, ast.ClassDef):
                    pending += [(child, f"{prefix}{node.name}.") for child in node.body]
    return found


def test_every_public_function_and_class_has_a_docstring(tmp_path):
    assert undocumented(ROOT) == []
    planted = tmp_path / "kg" / "stray.py"
    planted.parent.mkdir()
    planted.write_text('def helper():\n    return 1\n\n\nclass Thing:\n    """Said."""\n\n    def act(self):\n'
                       '        pass\n', encoding="utf-8")
    assert undocumented(tmp_path) == ["kg/stray.py:1 helper", "kg/stray.py:8 Thing.act"]


FLAG = re.compile(r"(?:^|[\s(`])--[a-z]")


def flags_in_raised_errors(root: Path) -> list[str]:
    """Raised errors of the library (kg/ but the CLI, and loaders/) whose text names a command-line option."""
    found = []
    for path in sorted([*root.glob("kg/**/*.py"), *root.glob("loaders/*.py")]):
        if path.relative_to(root).parts[:2] == ("kg", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                texts = [c.value for c in ast.walk(node.exc)
                         if isinstance(c, ast.Constant) and isinstance(c.value, str)]
                if any(FLAG.search(text) for text in texts):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_the_library_names_parameters_and_the_cli_names_its_options(tmp_path):
    """No error the library raises names a command-line option; one about an argument names the parameter,
    which the CLI says as its option."""
    from kg.cli.main import error_line
    from kg.errors import KGError

    assert flags_in_raised_errors(ROOT) == []
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "stray.py").write_text("def f():\n    raise KGError('give --write')\n", encoding="utf-8")
    assert flags_in_raised_errors(tmp_path) == ["kg/stray.py:2"]
    error = KGError("free Cypher reads unless {parameter} is given.", parameter="write")
    assert str(error) == "free Cypher reads unless `write` is given."
    assert error_line(error) == "free Cypher reads unless --write is given."
