"""Progress of a build: a Rich display on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from .batch import EventOutcome


class BuildDisplay:
    """One line per event showing its current step; a final line per event when it is done."""

    def __init__(self, events: list[Path]):
        self.events = events
        self.live = sys.stderr.isatty()
        self._progress: Any = None
        self._tasks: dict[Path, Any] = {}

    def __enter__(self) -> BuildDisplay:
        if self.live:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                      console=Console(stderr=True), transient=False)
            self._progress.start()
            for event in self.events:
                self._tasks[event] = self._progress.add_task(f"{event}: waiting", total=None)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def step(self, event: Path, step: str) -> None:
        """An event started rendering one edition and format."""
        if self._progress is not None and event in self._tasks:
            self._progress.update(self._tasks[event], description=f"{event}: {step}")
        elif not self.live:
            print(f"{event}: {step}", file=sys.stderr, flush=True)

    def done(self, outcome: EventOutcome) -> None:
        """An event finished (built, up to date, or failed)."""
        if outcome.ok:
            written = ", ".join(p.name for p in outcome.outputs) or "nothing (up to date)"
            where = outcome.outputs[0].parent if outcome.outputs else (
                outcome.unchanged[0].parent if outcome.unchanged else "")
            line = f"{outcome.event}: wrote {written}" + (f" in {where}/" if where else "")
        else:
            line = f"{outcome.event}: failed"
        if self._progress is not None and outcome.event in self._tasks:
            self._progress.update(self._tasks[outcome.event], description=line, total=1, completed=1)
        else:
            print(line, flush=True)
