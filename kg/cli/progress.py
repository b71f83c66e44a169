"""Progress bars on standard error, one per phase of a long job (a load, a clear), on a terminal only."""

from __future__ import annotations

import sys
from typing import Any

import click


class ProgressBars:
    """One progress bar per phase of a job, on a terminal only."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Any = None  # click's progress bar while a phase runs

    def phase(self, label: str, total: int) -> None:
        """Begin a phase: finish the last bar, start a new one of `total` steps."""
        self.finish()
        if self.enabled and total:
            self.bar = click.progressbar(length=total, label=label.ljust(16), file=sys.stderr)
            self.bar.render_progress()

    def advance(self, n: int) -> None:
        """`n` more steps done in this phase."""
        if self.bar is not None:
            self.bar.update(n)

    def finish(self) -> None:
        """Close the current bar, if any."""
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None
