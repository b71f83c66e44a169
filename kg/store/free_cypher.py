"""What free Cypher (`kg cypher`) may run without `--write`: reading clauses only.

A read transaction already stops writes on the server, but not administration commands such as
`TERMINATE TRANSACTIONS` (which ends another user's load) or `SHOW ...` commands, nor procedures that act.
So a statement is read as words (strings, comments and backquoted names left out) and refused when one is a
clause that writes or administers, or when it CALLs a procedure outside the read procedures allowed; the
server's own plan (`EXPLAIN`) must then say it only reads.
"""

from __future__ import annotations

import re

from kg.errors import QueryError

WRITE_OR_ADMIN = {"CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "LOAD", "FOREACH", "TERMINATE",
                  "SHOW", "ALTER", "GRANT", "REVOKE", "DENY", "START", "STOP", "ENABLE", "RENAME", "USE",
                  "FINISH", "INSERT", "KILL"}
# read-only procedures a user may CALL: the schema's own description
READ_PROCEDURES = {"db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
                   "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.indexes", "db.constraints"}

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def _bare(statement: str) -> str:
    """The statement with its strings, backquoted names and comments blanked (a word inside them is data)."""
    return _STRINGS.sub(" ", statement)


def check_read_only(statement: str) -> None:
    """Refuse (QueryError) a statement that is not made of reading clauses: it names the first clause that
    writes or administers, or a procedure that is not a known read."""
    bare = _bare(statement)
    words = [w.upper() for w in _WORD.findall(bare)]
    for word in words:
        if word in WRITE_OR_ADMIN:
            raise QueryError(f"{word} is not a reading clause: free Cypher reads unless {{parameter}} is given.",
                             parameter="write")
    for call in re.finditer(r"\bCALL\s+([A-Za-z_][A-Za-z0-9_.]*)", bare, re.I):
        name = call.group(1).lower()
        if name not in READ_PROCEDURES:
            raise QueryError(f"CALL {call.group(1)} is not a known read procedure: free Cypher reads unless "
                             "{parameter} is given (CALL { ... } subqueries and "
                             f"{', '.join(sorted(READ_PROCEDURES))} are allowed).", parameter="write")
    if "IN TRANSACTIONS" in " ".join(words):
        raise QueryError("CALL { ... } IN TRANSACTIONS writes in batches: give {parameter}.", parameter="write")
