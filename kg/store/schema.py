"""Installs the schema of record (neomodel's constraints and indexes) on the project's own driver."""

from __future__ import annotations

import io

from neomodel import db as neomodel_db
from neomodel import get_config

from kg.store.database import Database
from kg.store.queries import read_query

_bound_driver = None


def bind_neomodel(database: Database) -> None:
    """Hand the process's one driver to neomodel (it never creates its own)."""
    global _bound_driver
    if _bound_driver is database.driver:
        return
    get_config().database_name = database.settings.database
    neomodel_db.set_connection(driver=database.driver)
    _bound_driver = database.driver


def install_schema(database: Database) -> list[dict]:
    """Create every uniqueness constraint and index idempotently; return what the server then has."""
    from kg.store.models import NODE_CLASSES

    database.verify()
    bind_neomodel(database)
    for node_class in NODE_CLASSES:  # the schema of record
        neomodel_db.install_labels(node_class, quiet=True, stdout=io.StringIO())
    return database.read(read_query("constraints"))
