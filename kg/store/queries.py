"""The named query library: one `.cypher` file per query in the `cypher` package, read by name.

A file starts with `//` header lines: `name:`, `description:`, `params:` (one `name: meaning` per
line after it) and `example:`. Write queries live in `cypher/writes/` and are not listed. A condition several
queries share is written once in `cypher/fragments/` and named in them as a call (`pair_in_view(r)`), which
is replaced by its text when a query is read.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from kg.errors import QueryError

_HEADER = re.compile(r"^//\s?(.*)$")


_PARAM = re.compile(r"^\s{1,3}(\w+):\s*(.*)$")
_DEFAULT = re.compile(r"\(default (.+)\)\s*$")


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, what it answers, its parameters and an example."""
    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""

    @property
    def defaults(self) -> dict[str, object]:
        """Values written in the header as `(default ...)`, JSON-style: 25, null, ["PARTNER_OF"]."""
        found = {}
        for key, meaning in self.params.items():
            m = _DEFAULT.search(meaning)
            if m:
                found[key] = json.loads(m.group(1))
        return found


_FRAGMENT_CALL = re.compile(r"\b(pair_in_view)\(r\)")


@functools.cache
def _fragment(name: str) -> str:
    """The condition in `cypher/fragments/<name>.cypher`, its comment lines left out."""
    text = (resources.files("kg.cypher") / "fragments" / f"{name}.cypher").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def _with_fragments(text: str) -> str:
    """A query's text with every shared condition it names put in its place."""
    return _FRAGMENT_CALL.sub(lambda m: _fragment(m.group(1)), text)


def _parse(name: str, text: str) -> NamedQuery:
    description, example, params, mode = [], "", {}, None
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            break
        body = m.group(1).rstrip()
        if body.startswith("description:"):
            description.append(body.split(":", 1)[1].strip())
            mode = "description"
        elif body.startswith("params:"):
            mode = "params"
        elif body.startswith("example:"):
            example = body.split(":", 1)[1].strip()
            mode = None
        elif body.startswith("name:"):
            mode = None
        elif mode == "params" and (param := _PARAM.match(body)):
            key, meaning = param.groups()
            params[key] = meaning.strip()
        elif mode == "params" and params and body.strip():  # a continuation line
            last = list(params)[-1]
            params[last] = f"{params[last]} {body.strip()}"
        elif mode == "description" and body.strip():
            description.append(body.strip())
    return NamedQuery(name=name, description=" ".join(description), text=text, params=params, example=example)


@functools.cache
def named(name: str) -> NamedQuery:
    """The named read query `name` (e.g. 'within_hops')."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"Unknown query {name!r}: run `kg queries` for the list.")
    path = resources.files("kg.cypher") / f"{name}.cypher"
    if not path.is_file():
        raise QueryError(f"Unknown query {name!r}: run `kg queries` for the list.")
    return _parse(name, _with_fragments(path.read_text(encoding="utf-8")))


@functools.cache
def write_query(name: str) -> str:
    """The text of `cypher/writes/<name>.cypher`."""
    return (resources.files("kg.cypher") / "writes" / f"{name}.cypher").read_text(encoding="utf-8")


@functools.cache
def read_query(name: str) -> str:
    """The text of `cypher/reads/<name>.cypher`: the reads the library makes for itself (the named queries
    in `cypher/` are the ones users ask)."""
    return _with_fragments((resources.files("kg.cypher") / "reads" / f"{name}.cypher").read_text(encoding="utf-8"))


def all_named() -> list[NamedQuery]:
    """Every named query in cypher/ (the schema aside), by name."""
    files = sorted(p.name[:-7] for p in resources.files("kg.cypher").iterdir() if p.name.endswith(".cypher")
                   and p.name != "schema.cypher")
    return [named(n) for n in files]
