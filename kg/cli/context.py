"""What every command reaches through `@pass_context`: the settings, and the graph opened on first use."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import click

from kg.settings import Settings

if TYPE_CHECKING:  # the API (the driver, numpy) is imported when a command first asks the graph: --help is quick
    from kg.api import TwinningGraph


class Context:
    """Holds the settings; opens the graph on first use, once per process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._graph: TwinningGraph | None = None

    @property
    def graph(self) -> TwinningGraph:
        """The API over the database, connected on first use."""
        if self._graph is None:
            from kg.api import TwinningGraph

            self._graph = TwinningGraph(self.settings)
        return self._graph

    def close(self) -> None:
        """Close the connection, if one was made."""
        if self._graph is not None:
            self._graph.close()


pass_context = click.make_pass_decorator(Context)


def show_library_warnings() -> None:
    """The library logs its warnings (a table it could not fetch, ...); the CLI shows them on stderr, once."""
    logger = logging.getLogger("kg")
    if not logger.handlers:
        handler = EchoHandler()
        handler.setFormatter(logging.Formatter("warning: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


class EchoHandler(logging.Handler):
    """A log line to whatever standard error is at the time (a test runner swaps it per command)."""

    def emit(self, record: logging.LogRecord) -> None:
        """A library warning as one line on stderr."""
        click.echo(self.format(record), err=True)


def show_driver_log(verbose: bool) -> None:
    """The driver logs retries and routing as warnings ("Transaction failed and will be retried in 0.9s");
    they are noise to a user unless asked for (`--verbose`), and then they go to stderr with their level."""
    logger = logging.getLogger("neo4j")
    if verbose:
        handler = EchoHandler()
        handler.setFormatter(logging.Formatter("neo4j %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    else:
        logger.addHandler(logging.NullHandler())
        logger.setLevel(logging.ERROR)
        logger.propagate = False
