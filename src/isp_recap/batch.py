"""Building many events at once in worker processes, with progress and per-event errors."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .build import BuildOptions, build_event
from .diagnostics import Diagnostic, IspRecapError, access_diagnostic

_queue: Any = None


@dataclass
class EventOutcome:
    """The result of building one event: what was written, or the diagnostics that stopped it."""

    event: Path
    outputs: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    crash: str | None = None

    @property
    def ok(self) -> bool:
        """True when the event built without errors."""
        return self.crash is None and not any(d.severity == "error" for d in self.diagnostics)


def _init(queue: Any) -> None:
    global _queue
    _queue = queue


def build_one(event: Path, out_dir: Path | None, options: BuildOptions,
              progress: Callable[[str], None] | None = None) -> EventOutcome:
    """Build one event, turning every failure into an outcome instead of an exception."""
    try:
        result = build_event(event, out_dir, options, progress)
    except IspRecapError as exc:
        return EventOutcome(event, diagnostics=list(exc.diagnostics))
    except MemoryError:
        return EventOutcome(event, crash="out of memory")
    except Exception as exc:  # a bug must not take the other events down with it
        refused = access_diagnostic(exc)
        if refused is not None:  # the system refused a path: that path's error, not a bug
            return EventOutcome(event, diagnostics=[refused])
        return EventOutcome(event, crash=f"{type(exc).__name__}: {exc}")
    return EventOutcome(event, result.outputs, result.unchanged, diagnostics=list(result.warnings))


def _work(event: Path, out_dir: Path | None, options: BuildOptions) -> EventOutcome:
    def report(step: str) -> None:
        if _queue is not None:
            _queue.put((str(event), step))

    return build_one(event, out_dir, options, report)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def build_many(events: list[Path], options: BuildOptions, jobs: int,
               on_step: Callable[[Path, str], None], on_done: Callable[[EventOutcome], None],
               out_dir: Path | None = None) -> list[EventOutcome]:
    """Build `events` with up to `jobs` worker processes; callbacks report steps and finished events."""
    if jobs <= 1 or len(events) == 1:
        if len(events) == 1:  # one event: its outputs side by side instead (parallel.py)
            options = replace(options, workers=jobs)
        outcomes = []
        for event in events:
            outcome = build_one(event, out_dir, options, _bind(on_step, event))
            on_done(outcome)
            outcomes.append(outcome)
        return outcomes
    context = multiprocessing.get_context("fork")
    # A pipe-backed queue, inherited by the forked workers: no Manager process, no local socket.
    queue = context.SimpleQueue()
    preload(options)
    outcomes_by_event: dict[Path, EventOutcome] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(events)), mp_context=context,
                             initializer=_init, initargs=(queue,)) as pool:
        pending: set[Future[EventOutcome]] = {pool.submit(_work, e, out_dir, options) for e in events}
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            _drain(queue, on_step)
            for future in done:
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker process itself died
                    outcome = EventOutcome(Path("?"), crash=f"worker failed: {exc}")
                outcomes_by_event[outcome.event] = outcome
                on_done(outcome)
        _drain(queue, on_step)
    return [outcomes_by_event.get(e, EventOutcome(e, crash="not built")) for e in events]


def preload(options: BuildOptions) -> None:
    """Import the engines the build will use, once, in the parent process before it forks workers.

    Each worker would otherwise import them itself (WeasyPrint, python-docx, ICU's line breaker: about 0.8 s of CPU
    each); forked workers share the parent's imported modules (copy-on-write) and start rendering at
    once. A module that fails to import is left for the worker to report with its event.
    """
    import importlib

    if "pdf" in options.formats:
        import contextlib

        from .render.pdf.weasy import import_weasyprint

        # Through render.pdf.weasy: a plain `import weasyprint` runs ldconfig and gcc to find its libraries.
        # On failure the worker hits the same error and reports it with its event.
        with contextlib.suppress(Exception):
            import_weasyprint()
    from .render import WRITERS

    names = [WRITERS[fmt].module for fmt in options.formats if fmt in WRITERS]
    if "my" in options.languages or options.bilingual:
        from .myanmar.icu_backend import MODULES

        names.extend(MODULES)  # Burmese line breaking and Zawgyi conversion
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the worker hits the same error and reports it with its event
            continue


def _bind(on_step: Callable[[Path, str], None], event: Path) -> Callable[[str], None]:
    return lambda step: on_step(event, step)


def _drain(queue: Any, on_step: Callable[[Path, str], None]) -> None:
    while not queue.empty():
        event, step = queue.get()
        on_step(Path(event), step)
