"""The outputs of one event rendered side by side in forked worker processes.

A build of the sample renders nine outputs, and the PDFs take most of the time; one process uses one
core. Here the parent builds each edition's Document once, imports the engines (`batch.preload`),
then forks: the workers inherit the Documents and the imported engines (copy-on-write) and each
renders whole outputs, largest first, so two cores finish together. Each output's bytes are the same
as a serial build's: the same writer runs on the same Document, only in another process.

`fork` is used where the platform has it (Linux, macOS); elsewhere, or with one worker, the outputs
are rendered one after the other in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING

from .source.diagnostics import Diagnostic, IspRecapError

if TYPE_CHECKING:
    from .build import BuildOptions
    from .document.nodes import Document

#: Relative cost of one output by format, to start the longest first (measured on the sample: a PDF
#: takes 5-20 times a DOCX, an HTML page almost nothing). Only the order depends on it, never bytes.
COST = {"pdf": 10.0, "docx": 1.0, "html": 0.2}

#: What a forked worker renders: set in the parent just before the fork, inherited by the children.
_TASKS: list[tuple[Document, str]] = []
_OPTIONS: list[BuildOptions] = []


def render_outputs(tasks: Sequence[tuple[Document, str]], options: BuildOptions, workers: int,
                   progress: Callable[[str], None] | None = None) -> list[bytes]:
    """The bytes of each (Document, format) in `tasks`, in the same order, using up to `workers`
    processes. Raises `IspRecapError` with every problem a writer reported."""
    from .build import render_output

    workers = min(workers, len(tasks))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for doc, fmt in tasks:
            if progress:
                progress(f"{doc.edition} {fmt}")
            out.append(render_output(doc, fmt, options))
        return out
    from .batch import preload

    preload(options)
    _TASKS[:] = tasks
    _OPTIONS[:] = [options]
    order = sorted(range(len(tasks)), key=lambda i: -_cost(tasks[i]))
    results: dict[int, bytes] = {}
    problems: list[Diagnostic] = []
    # Objects alive now are never garbage: freezing them keeps the workers' collector from walking
    # (and so copying) the parent's heap page by page.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures: dict[Future[tuple[bytes | None, list[Diagnostic]]], int] = {
                pool.submit(_render, i): i for i in order}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    i = futures[future]
                    data, found = future.result()
                    problems += found
                    if data is not None:
                        results[i] = data
                    if progress:
                        progress(f"{tasks[i][0].edition} {tasks[i][1]}")
    finally:
        gc.unfreeze()
        _TASKS.clear()
        _OPTIONS.clear()
    if problems:
        raise IspRecapError(problems)
    return [results[i] for i in range(len(tasks))]


def _cost(task: tuple[Document, str]) -> float:
    doc, fmt = task
    return COST.get(fmt, 1.0) * len(doc.languages) * max(1, len(doc.blocks))


def _render(index: int) -> tuple[bytes | None, list[Diagnostic]]:
    """In a worker: render one task. A writer's diagnostics come back as data (an `IspRecapError`
    does not survive pickling with its diagnostics)."""
    from .build import render_output

    doc, fmt = _TASKS[index]
    try:
        return render_output(doc, fmt, _OPTIONS[0]), []
    except IspRecapError as exc:
        return None, list(exc.diagnostics)
