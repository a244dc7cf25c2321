"""The outputs of one event rendered side by side in forked worker processes.

A build of the sample renders nine outputs, and the PDFs take most of the time; one process uses one
core. The parent builds each edition's Document once; their charts are not drawn yet
(`charts.draw.DrawnChart`). Then:

1. A *chart worker* is forked first. It draws the SVG of every chart the PDF and HTML outputs show
   (Matplotlib, about 0.5 s to import) and sends them to the parent, then renders DOCX and HTML
   outputs (it has Matplotlib for the DOCX's chart PNGs, and needs no PDF engine).
2. Meanwhile the parent imports the engines (`batch.preload`: WeasyPrint alone is about 0.6 s), takes
   the chart SVGs into its Documents, and forks the *render workers*, which inherit both
   (copy-on-write) and start on the PDFs, largest first, so that the cores finish together.

Importing the engine and drawing the charts were one after the other in the parent before any
worker started; now they overlap. Each output's bytes are the same as a serial build's: the same
writer runs on the same Document, only in another process, and a chart drawn in the chart worker is
the same drawing the writer would make.

Workers are forked (Linux, macOS) and talk over plain pipes; elsewhere, or with one worker, the
outputs are rendered one after the other in this process.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, IspRecapError

if TYPE_CHECKING:
    from .build import BuildOptions
    from .document.nodes import ChartFigure, Document

#: Relative cost of one output by format, to start the longest first (measured on the sample: a PDF
#: takes 5-20 times a DOCX, an HTML page almost nothing). Only the order depends on it, never bytes.
COST = {"pdf": 10.0, "docx": 1.0, "html": 0.2}

#: A worker's answer: task index, kind (below), payload length; then the payload.
_HEADER = struct.Struct(">iBQ")
_BYTES, _DIAGNOSTICS, _CRASH, _CHARTS = 0, 1, 2, 3
#: One chart SVG in a `_CHARTS` answer: its length, then its bytes.
_LENGTH = struct.Struct(">Q")
#: Sent to a worker instead of a task index: no more work.
_DONE = -1


class WorkerFailed(RuntimeError):
    """A worker process died or failed outside the writers (reported as an internal error)."""


def render_outputs(tasks: Sequence[tuple[Document, str]], options: BuildOptions, workers: int,
                   progress: Callable[[str], None] | None = None,
                   reference: Mapping[str, bytes] | None = None) -> list[bytes]:
    """The bytes of each (Document, format) in `tasks`, in the same order, using up to `workers`
    render processes (and a chart worker, see the module's text); `reference` is the cleaned
    --reference-docx (`build.render_output`). Raises `IspRecapError` with every problem a writer
    reported."""
    from .build import render_output

    workers = min(workers, len(tasks))
    if workers <= 1 or not hasattr(os, "fork"):
        out = []
        for doc, fmt in tasks:
            if progress:
                progress(f"{doc.edition} {fmt}")
            out.append(render_output(doc, fmt, options, reference))
        return out
    return _Pool(tasks, options, progress, reference).run(workers)


def _charts(doc: Document) -> Iterator[ChartFigure]:
    """Every chart of `doc`, in reading order."""
    from .document.nodes import DataCardBlock

    for block in doc.blocks:
        if isinstance(block, DataCardBlock):
            yield from block.charts


def _undrawn_svgs(tasks: Sequence[tuple[Document, str]]) -> list[ChartFigure]:
    """The charts whose SVG a PDF or HTML task will show and nobody has drawn yet, each once."""
    seen: dict[int, ChartFigure] = {}
    for doc, fmt in tasks:
        if fmt in ("pdf", "html"):
            for chart in _charts(doc):
                if not chart.drawing.is_drawn("svg"):
                    seen.setdefault(id(chart), chart)
    return list(seen.values())


@dataclass
class _Worker:
    pid: int
    #: Where the parent writes this worker's next task.
    task_fd: int
    #: The chart worker (no PDF engine; Matplotlib imported): DOCX and HTML only.
    charts: bool


class _Pool:
    """Forked workers fed task indices over pipes; answers come back as raw bytes or JSON.

    Plain pipes and no pickle: a worker receives only a number, and nothing it sends back is
    unpickled (the hostile-input suite forbids unpickling anything but Babel's data).
    """

    def __init__(self, tasks: Sequence[tuple[Document, str]], options: BuildOptions,
                 progress: Callable[[str], None] | None, reference: Mapping[str, bytes] | None = None) -> None:
        self.tasks, self.options, self.progress = tasks, options, progress
        self.reference = reference
        self.children: dict[int, _Worker] = {}  # answer fd -> its worker

    def run(self, workers: int) -> list[bytes]:
        from .batch import preload

        order = sorted(range(len(self.tasks)), key=lambda i: -_cost(self.tasks[i]))
        results: dict[int, bytes] = {}
        problems: list[Diagnostic] = []
        undrawn = _undrawn_svgs(self.tasks)
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects alive now are never garbage: freezing them keeps the workers' collector from walking
        # (and so copying) the parent's heap page by page.
        gc.freeze()
        try:
            busy: dict[int, int] = {}  # answer fd -> the task index it renders
            idle: list[int] = []  # workers waiting: what is left is not for them
            chart_fd = None
            if undrawn or any(fmt != "pdf" for _doc, fmt in self.tasks):
                chart_fd = self._fork(undrawn)
                # Its first task now: it starts on it as soon as the charts are drawn, even while
                # this process is still importing the engines.
                self._next(chart_fd, order, busy, idle)
            preload(self.options)  # while the chart worker draws
            if chart_fd is not None and undrawn:
                self._adopt(chart_fd, undrawn)
            gc.freeze()
            for _ in range(workers):
                self._next(self._fork(), order, busy, idle)
            while busy:
                ready, _, _ = select.select(list(busy), [], [])
                for fd in ready:
                    index, kind, payload = self._receive(fd)
                    if kind == _BYTES:
                        results[index] = payload
                    elif kind == _DIAGNOSTICS:
                        problems += [Diagnostic(**d) for d in json.loads(payload)]
                    else:
                        raise WorkerFailed(payload.decode("utf-8", "replace"))
                    if self.progress:
                        self.progress(f"{self.tasks[index][0].edition} {self.tasks[index][1]}")
                    self._next(fd, order, busy, idle)
                if not busy and order:  # _suits leaves every task to some worker: a bug, not a wait
                    raise WorkerFailed(f"no worker would take {len(order)} output(s)")
            for fd in idle:
                os.write(self.children[fd].task_fd, struct.pack(">i", _DONE))
        finally:
            self._reap()
            gc.unfreeze()
        if problems:
            raise IspRecapError(problems)
        return [results[i] for i in range(len(self.tasks))]

    def _fork(self, charts: Sequence[ChartFigure] | None = None) -> int:
        """Start a worker (the chart worker if `charts` is given); return the fd it answers on."""
        task_r, task_w = os.pipe()
        answer_r, answer_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's stack
            status = 0
            try:
                os.close(task_w)
                os.close(answer_r)
                for fd, worker in self.children.items():  # the other workers' pipes, inherited from the parent
                    os.close(fd)
                    os.close(worker.task_fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
                if charts is not None:
                    _draw_charts(answer_w, charts)
                _serve(task_r, answer_w, self.tasks, self.options, self.reference)
            except BaseException as exc:  # the parent reports the missing answer; say why here
                status = 1
                with contextlib.suppress(BaseException):
                    os.write(2, f"isp-recap worker: {type(exc).__name__}: {exc}\n".encode("utf-8", "replace"))
            finally:
                # os._exit runs no finalizer: collect first, so that WeasyPrint's font configurations
                # (held in reference cycles, and the GC is paused while rendering) remove their
                # temporary folders (the hostile suite found them left behind).
                with contextlib.suppress(BaseException):
                    gc.collect()
                os._exit(status)
        os.close(task_r)
        os.close(answer_w)
        self.children[answer_r] = _Worker(pid, task_w, charts is not None)
        return answer_r

    def _adopt(self, fd: int, charts: Sequence[ChartFigure]) -> None:
        """Wait for the chart worker's SVGs and take them into this process's charts."""
        _index, kind, payload = self._receive(fd)
        if kind != _CHARTS:
            raise WorkerFailed(payload.decode("utf-8", "replace"))
        view, at = memoryview(payload), 0
        for chart in charts:
            (length,) = _LENGTH.unpack_from(view, at)
            at += _LENGTH.size
            chart.drawing.adopt("svg", bytes(view[at:at + length]))
            at += length
        if at != len(payload):
            raise WorkerFailed("the chart worker sent more than the charts asked for")

    def _suits(self, fd: int, index: int) -> bool:
        """The chart worker has no PDF engine; a render worker would have to import Matplotlib for a
        DOCX's chart PNGs, which the chart worker already has."""
        doc, fmt = self.tasks[index]
        if self.children[fd].charts:
            return fmt != "pdf"
        chart_worker = any(worker.charts for worker in self.children.values())
        return not (chart_worker and fmt == "docx" and next(_charts(doc), None) is not None)

    def _next(self, fd: int, order: list[int], busy: dict[int, int], idle: list[int]) -> None:
        """Give the worker answering on `fd` the next task it suits, tell it there is none, or let it
        wait (`idle`) while the rest is for others."""
        busy.pop(fd, None)
        if not order:
            os.write(self.children[fd].task_fd, struct.pack(">i", _DONE))
            return
        index = next((i for i in order if self._suits(fd, i)), None)
        if index is None:
            idle.append(fd)
            return
        order.remove(index)
        os.write(self.children[fd].task_fd, struct.pack(">i", index))
        busy[fd] = index

    def _receive(self, fd: int) -> tuple[int, int, bytes]:
        header = _read_exactly(fd, _HEADER.size)
        if header is None:
            raise WorkerFailed("a worker process ended without answering (killed?)")
        index, kind, length = _HEADER.unpack(header)
        payload = _read_exactly(fd, length) if length else b""
        if payload is None:
            raise WorkerFailed("a worker process ended in the middle of an answer")
        return index, kind, payload

    def _reap(self) -> None:
        for fd, worker in self.children.items():
            for handle in (fd, worker.task_fd):
                with contextlib.suppress(OSError):
                    os.close(handle)
            # A worker still rendering (the parent was interrupted) is ended; an idle one is exiting.
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(worker.pid, 0)
        self.children.clear()


def _draw_charts(answer_fd: int, charts: Sequence[ChartFigure]) -> None:
    """In the chart worker: draw each chart's SVG (kept here too, for the HTML this worker writes)
    and send them all to the parent, in order (nothing if there are none)."""
    if not charts:
        return
    try:
        kind, payload = _CHARTS, b"".join(_LENGTH.pack(len(svg)) + svg for svg in (c.svg for c in charts))
    except Exception as exc:  # a bug: reported like a writer's crash
        kind, payload = _CRASH, f"{type(exc).__name__}: {exc}".encode()
    _write_all(answer_fd, _HEADER.pack(_DONE, kind, len(payload)) + payload)


def _serve(task_fd: int, answer_fd: int, tasks: Sequence[tuple[Document, str]], options: BuildOptions,
           reference: Mapping[str, bytes] | None = None) -> None:
    """In a worker: render the tasks the parent names until it says done."""
    from .build import render_output

    while True:
        raw = _read_exactly(task_fd, 4)
        if raw is None:
            return
        (index,) = struct.unpack(">i", raw)
        if index == _DONE:
            return
        doc, fmt = tasks[index]
        try:
            kind, payload = _BYTES, render_output(doc, fmt, options, reference)
        except IspRecapError as exc:
            kind = _DIAGNOSTICS
            payload = json.dumps([vars(d) for d in exc.diagnostics]).encode()
        except Exception as exc:  # a bug: reported with the event, like batch does
            kind, payload = _CRASH, f"{type(exc).__name__}: {exc}".encode()
        _write_all(answer_fd, _HEADER.pack(index, kind, len(payload)) + payload)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _cost(task: tuple[Document, str]) -> float:
    doc, fmt = task
    return COST.get(fmt, 1.0) * len(doc.languages) * max(1, len(doc.blocks))
