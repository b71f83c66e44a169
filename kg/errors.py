"""One exception hierarchy, in the library's terms: an error about an argument names the parameter, and the
CLI (kg/cli/main.py) says it as its option and chooses the exit code."""

from __future__ import annotations

PARAMETER = "{parameter}"  # where a message names the parameter it is about


class KGError(Exception):
    """Base of every error the project raises on purpose. `parameter` is the API parameter the error is about
    (`write`, `password`, `port`, ...); the message names it where it says `{parameter}`, in backticks here
    and as the option in the CLI (`spoken`)."""

    def __init__(self, *args: object, parameter: str | None = None):
        self.parameter = parameter
        super().__init__(*args)

    def spoken(self, name: str) -> str:
        """The message with the parameter called `name` (the CLI passes its option, "--write")."""
        return str(super().__str__()).replace(PARAMETER, name)

    def __str__(self) -> str:
        return self.spoken(f"`{self.parameter}`") if self.parameter else super().__str__()


class LoadInterrupted(KGError):
    """Ctrl-C during a load: the message says whether the graph holds part of it, and how to finish."""

    def __init__(self, writing: bool, earlier: tuple[str, ...] | list[str] = ()):
        self.writing = writing
        done = (f" The graph holds what was loaded before it: {', '.join(earlier)}." if earlier else "")
        super().__init__(
            "Interrupted while writing: the graph holds part of this load." + done + " Run the same command "
            "again to complete it (what is already there is not written twice)." if writing else
            ("Interrupted before writing: nothing of this source was loaded." + done + " Run the same command "
             "again to complete it (what is already there is not written twice)." if earlier else
             "Interrupted before writing: nothing was loaded."))


class GraphChanged(KGError):
    """Another client removed part of what a load wrote while it ran (`kg db clear`, a free Cypher write):
    the load's summary would count what the graph no longer holds."""


class ConnectionFailed(KGError):
    """The Neo4j server could not be reached or refused the credentials."""


class ServerError(KGError):
    """The local Neo4j launcher could not do what was asked (Java, Maven, port, start-up)."""


class UnknownCity(KGError):
    """No city in the graph matches the name the user gave."""


class UnknownAssociation(KGError):
    """No association in the graph matches the name, acronym or key the user gave."""


class AmbiguousCity(KGError):
    """Several cities match the name the user gave; the message lists them."""

    def __init__(self, query: str, candidates: list[str]):
        self.candidates = candidates
        listing = "; ".join(candidates)
        super().__init__(
            f'"{query}" matches {len(candidates)} cities: {listing}. '
            'Add the country ("Name, CC") or use one of the keys.'
        )


class QueryError(KGError):
    """A named query was unknown, or its parameters were wrong."""


class UnknownCountry(QueryError):
    """No country has the code or name the user gave."""


class InvalidDate(KGError, ValueError):
    """A year or date a source gives that cannot be (a loader turns it into a Problem with its place)."""


class InputError(KGError):
    """Invalid input to a loader. Carries every problem found, each with file, line and field."""

    def __init__(self, problems: list["Problem"], shown: int = 10, parameter: str | None = None):
        self.problems = problems
        head = [str(p) for p in problems[:shown]]
        more = len(problems) - len(head)
        text = f"{len(problems)} invalid input problem(s); nothing was written:\n  " + "\n  ".join(head)
        if more > 0:
            text += f"\n  ... and {more} more"
        super().__init__(text, parameter=parameter)


class Problem:
    """One validation problem: where it is (file, line, field) and what is wrong."""

    __slots__ = ("file", "line", "field", "message", "values")

    def __init__(self, file: str, line: int | None, field: str | None, message: str,
                 values: tuple[str, ...] | list[str] = ()):
        self.file, self.line, self.field, self.message = file, line, field, message
        self.values = tuple(values)  # the rejected row as read, for NAME.rejected.csv

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_dict(self) -> dict:
        """The problem, JSON-ready."""
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}
