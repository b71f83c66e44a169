"""Progress bars on standard error, one per phase of a long job (a load, a clear), on a terminal only."""

from __future__ import annotations

import sys
import threading
import time
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


class PhaseTicker:
    """The phase a job without countable steps is in (a measure, a model's fit) and how long it has run, on
    one line of standard error redrawn twice a second; on a terminal only, and gone when the job ends."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.label = ""
        self._started = 0.0
        self._stop = threading.Event()
        self._thread: Any = None

    def phase(self, label: str) -> None:
        """The job's next phase ("Fitting the suggestion model"); the first one starts the line."""
        self.label = label
        if not self.enabled:
            return
        if self._thread is None:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._draw, daemon=True)
            self._thread.start()
        self._line()

    def _line(self) -> None:
        sys.stderr.write(f"\r\x1b[K{self.label} ... {time.monotonic() - self._started:.0f} s")
        sys.stderr.flush()

    def _draw(self) -> None:
        while not self._stop.wait(0.5):
            self._line()

    def __enter__(self) -> PhaseTicker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
