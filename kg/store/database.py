"""The thin database layer: one driver per process, reads in read transactions, batched writes.

Every query text comes from `cypher/` (see `kg.store.queries`); this module only runs them with parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from kg.errors import ConnectionFailed, KGError, QueryError
from kg.settings import Settings

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 5000


def _connection_error(settings: Settings, exc: Exception) -> KGError:
    if isinstance(exc, neo4j_errors.AuthError):
        return ConnectionFailed(
            f"Neo4j at {settings.safe_uri} refused user '{settings.username}': check NEO4J_PASSWORD "
            "(or {parameter}).", parameter="password"
        )
    return ConnectionFailed(
        f"Cannot reach Neo4j at {settings.safe_uri} ({type(exc).__name__}). Start one with "
        "`kg server start` (no Docker needed) or `docker compose up -d`, or set NEO4J_URI."
    )


class Database:
    """A connection to one Neo4j database. Use as a context manager or call `close()`."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        try:
            self.driver = GraphDatabase.driver(
                self.settings.uri,
                auth=(self.settings.username, self.settings.password),
                connection_timeout=self.settings.timeout,
                connection_acquisition_timeout=self.settings.timeout,
                max_transaction_retry_time=max(self.settings.timeout, 5.0),
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise ConnectionFailed(f"Bad NEO4J_URI {self.settings.safe_uri!r}: {exc}") from None
        self._verified = False

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver; after an interrupted transaction (Ctrl-C mid-write) the driver may fail its own
        bookkeeping while closing, which is no news to the user: the interruption was reported already."""
        try:
            self.driver.close()
        except (AssertionError, OSError, neo4j_errors.DriverError):
            pass

    def verify(self) -> None:
        """Fail fast with one clear line when the server is not there or refuses us."""
        if self._verified:
            return
        try:
            self.driver.verify_connectivity()
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.AuthError, OSError,
                neo4j_errors.SessionExpired) as exc:
            raise _connection_error(self.settings, exc) from None
        self._verified = True

    # -- queries ---------------------------------------------------------------------------
    def _run(self, query: str, params: dict[str, Any], routing: RoutingControl) -> list[dict[str, Any]]:
        self.verify()
        try:
            records, _, _ = self.driver.execute_query(
                query, parameters_=params, routing_=routing, database_=self.settings.database
            )
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise _connection_error(self.settings, exc) from None
        return [record.data() for record in records]

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a query in a read transaction (a write in it fails on the server)."""
        return self._run(query, params, RoutingControl.READ)

    def write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a query in a managed write transaction (retried on transient errors)."""
        return self._run(query, params, RoutingControl.WRITE)

    def stream(self, query: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Rows of a read query one at a time, fetched in batches: for answers too large to hold at once."""
        self.verify()
        with self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS,
                                 fetch_size=2000) as session:
            try:
                for record in session.run(query, params):
                    yield record.data()
            except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
                raise _connection_error(self.settings, exc) from None

    def run_free(self, query: str, params: dict[str, Any], *, write: bool
                 ) -> tuple[list[str], list[dict], dict[str, int]]:
        """Run user-supplied Cypher: the column names, the rows and what it changed (counters).

        Without `write` the statement must be made of reading clauses (`kg.store.free_cypher`) and run as
        `stream_free` does. With `write` it runs as an auto-commit query, as `CALL { ... } IN TRANSACTIONS`
        (bulk `LOAD CSV`) needs; it is not retried, since a user's write may not be safe to run twice.
        """
        if not write:
            columns, stream = self.stream_free(query, params)
            return columns, list(stream), {}
        self.verify()
        with self.driver.session(database=self.settings.database, default_access_mode=neo4j.WRITE_ACCESS) as session:
            try:
                result = session.run(query, params)
                rows = [r.data() for r in result]
                return list(result.keys()), rows, counters_of(result.consume())
            except neo4j_errors.ClientError as exc:
                raise KGError(f"Cypher error: {exc.message}") from None

    def stream_free(self, query: str, params: dict[str, Any], timeout: float | None = None
                    ) -> tuple[list[str], Generator[dict, None, None]]:
        """A user's read-only statement: its column names and its rows one at a time (fetched in batches, so
        millions of rows never sit in memory), in a read transaction the server ends after `timeout` seconds.
        Refused before it runs unless every clause reads (`free_cypher.check_read_only`) and the server's
        plan says it only reads."""
        from kg.store.free_cypher import check_read_only

        check_read_only(query)
        self.verify()
        session = self.driver.session(database=self.settings.database, default_access_mode=neo4j.READ_ACCESS,
                                      fetch_size=2000)
        try:
            plan = session.run("EXPLAIN " + query, params).consume()
            if plan.query_type != "r":
                raise QueryError(f"The server plans this statement as {plan.query_type!r}, not a read: free Cypher "
                                 "reads unless {parameter} is given.", parameter="write")
            transaction = session.begin_transaction(timeout=timeout)
            result = transaction.run(query, params)
            columns = list(result.keys())
        except neo4j_errors.ClientError as exc:
            session.close()
            raise KGError(f"Cypher error: {exc.message}") from None
        except BaseException:
            session.close()
            raise

        def rows() -> Generator[dict, None, None]:
            try:
                for record in result:
                    yield record.data()
            except neo4j_errors.ClientError as exc:
                raise KGError(f"Cypher error: {exc.message}") from None
            finally:
                transaction.close()
                session.close()

        return columns, rows()

    def write_batches(self, query: str, rows: list[dict[str, Any]], *, batch_size: int = DEFAULT_BATCH_SIZE,
                      progress: Callable[[int], None] | None = None, **params: Any) -> dict[str, int]:
        """`UNWIND $rows` in batches, each batch one managed transaction (all of it or none of it).

        A failed batch is retried by the driver on transient errors; a batch that finally fails raises,
        and since every write query MERGEs on constraint-backed keys, re-running the load completes it.
        """
        self.verify()
        totals: dict[str, int] = {}

        def work(tx: neo4j.ManagedTransaction, batch: list[dict[str, Any]]) -> dict[str, int]:
            return _counts(tx.run(query, rows=batch, **params))

        with self.driver.session(database=self.settings.database) as session:
            for batch in chunked(rows, batch_size):
                try:
                    counts = session.execute_write(work, batch)
                except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
                    raise _connection_error(self.settings, exc) from None
                for key, value in counts.items():
                    totals[key] = totals.get(key, 0) + value
                if progress:
                    progress(len(batch))
        return totals

    def write_columns(self, query: str, columns: dict[str, Any], **params: Any) -> dict[str, int]:
        """One write of rows sent as columns (lists of equal length, `$a[i]`, ...) in one managed
        transaction, its counters: a batch of many small rows packs and unpacks several times faster as
        a few lists than as a map each."""
        return self.in_one_transaction(lambda tx: _counts(tx.run(query, **columns, **params)))

    def in_one_transaction(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """`work(tx)` as one managed write transaction: reads and writes that stand or fall together (retried
        whole on transient errors, so `work` must only talk to the server)."""
        self.verify()
        with self.driver.session(database=self.settings.database) as session:
            try:
                return session.execute_write(work)
            except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
                raise _connection_error(self.settings, exc) from None

    # -- facts about the server -------------------------------------------------------------
    def server_version(self) -> str:
        """e.g. 'Neo4j 5.26.30 community', as the server reports it."""
        from kg.store.queries import read_query

        rows = self.read(read_query("server_version"))
        row = rows[0]
        return f"Neo4j {row['version']} {row['edition']}"

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Node counts by label and relationship counts by type (from the count store: instant)."""
        from kg.store.queries import named

        labels = {r["label"]: r["count"] for r in self.read(named("label_counts").text)}
        types = {r["type"]: r["count"] for r in self.read(named("relationship_counts").text)}
        return labels, types

    def clear(self, batch_size: int = 10_000,
              on_phase: Callable[[str, int], None] | None = None,
              progress: Callable[[int], None] | None = None) -> int:
        """Delete every relationship, then every node, `batch_size` per transaction, so memory stays bounded
        on any graph; `on_phase(label, total)` and `progress(n)` report it. How many nodes went."""
        from kg.store.queries import write_query

        labels, types = self.counts()
        deleted_nodes = 0
        for what, query, total in (("relationships", "clear_relationships", sum(types.values())),
                                   ("nodes", "clear_nodes", sum(labels.values()))):
            if on_phase:
                on_phase(f"Deleting {what}", total)
            while True:
                deleted = self.write(write_query(query), batch=batch_size)[0]["deleted"]
                if progress and deleted:
                    progress(deleted)
                if what == "nodes":
                    deleted_nodes += deleted
                if deleted < batch_size:
                    break
        return deleted_nodes


def _counts(result: neo4j.Result) -> dict[str, int]:
    """A write's counters, and the sum of its `written` column when it returns one (the rows a write query
    says it wrote, where the server's counters cannot tell a row written from a row that matched nothing)."""
    written = [record["written"] for record in result if "written" in record.keys()]
    counts = counters_of(result.consume())
    if written:
        counts["written"] = sum(written)
    return counts


def counters_of(summary: neo4j.ResultSummary) -> dict[str, int]:
    """What a query changed, as {"nodes_created": 3, ...}: the non-zero counts only."""
    return {name: value for name, value in vars(summary.counters).items()
            if not name.startswith("_") and type(value) is int and value}


def chunked(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Split rows into lists of at most `size` items."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
