"""The outputs of one event rendered side by side in forked worker processes.

A build of the sample renders nine outputs, and the PDFs take most of the time; one process uses one
core. The parent builds each edition's Document once; their charts are not drawn yet
(`charts.draw.DrawnChart`). Two kinds of process share the work:

1. The *chart worker* (`ChartWorker`) draws the charts with Matplotlib, which takes about 0.5 s to
   import. `build_event` forks it as soon as the event is loaded and known to have charts, so that
   the import runs while the parent checks the event and builds the Documents. The parent then
   sends it each chart's recipe (plain JSON: the chart worker was forked before the Documents
   existed) and it sends back each drawing as soon as it is drawn: first the SVGs the PDF and HTML
   outputs show, largest output first, then the DOCX's PNGs.
2. Meanwhile the parent imports the engines (`batch.preload`: WeasyPrint alone is about 0.6 s) and
   forks the *render workers*, which inherit the Documents and the engines (copy-on-write). An
   output is given to a render worker, largest first, once the drawings it shows are in the
   parent; they are sent with it, since a render worker forked before they arrived does not have
   them. Render workers never draw and never import Matplotlib.

So the parent's serial part is its own (load, preflight, the Documents, the engines' import): the
Matplotlib import and the drawing run beside it. Each output's bytes are the same as a serial
build's: the same writer runs on the same Document, only in another process, and a chart drawn from
its recipe is the same drawing the writer would make (`DrawnChart.recipe`).

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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, IspRecapError

if TYPE_CHECKING:
    from .build import BuildOptions
    from .document.nodes import ChartFigure, Document

#: Relative cost of one output by format, to start the longest first, so that the short ones fill the
#: end (measured on the sample, one process: a DOCX takes about 1/20 of the same edition's PDF; an HTML
#: page 1/7 in English and 1/4 in Burmese, whose web fonts are compressed to WOFF2). Only the order
#: depends on it, never bytes.
COST = {"pdf": 1.0, "html": 0.25, "docx": 0.05}
#: The drawing each format shows of a chart.
DRAWING = {"pdf": "svg", "html": "svg", "docx": "png"}

#: An answer (a worker's output, or the chart worker's drawing): task or drawing number, kind (below),
#: payload length; then the payload.
_HEADER = struct.Struct(">iBQ")
_BYTES, _DIAGNOSTICS, _CRASH, _DRAWING = 0, 1, 2, 3
#: To a render worker: the task's index (or `_DONE`), the length of the drawings sent with it.
_TASK = struct.Struct(">iQ")
#: One drawing sent with a task: its number (`_Pool.drawings`), its length; then its bytes.
_ATTACHED = struct.Struct(">IQ")
#: The chart worker's request: its length, then the JSON list of [format, recipe].
_LENGTH = struct.Struct(">Q")
#: Sent to a worker instead of a task index: no more work.
_DONE = -1


class WorkerFailed(RuntimeError):
    """A worker process died or failed outside the writers (reported as an internal error)."""


def render_outputs(tasks: Sequence[tuple[Document, str]], options: BuildOptions, workers: int,
                   progress: Callable[[str], None] | None = None,
                   reference: Mapping[str, bytes] | None = None,
                   charts: ChartWorker | None = None) -> list[bytes]:
    """The bytes of each (Document, format) in `tasks`, in the same order, using up to `workers`
    render processes and a chart worker (see the module's text; `charts`: one started earlier by
    the caller, `early_chart_worker`, which this ends); `reference` is the cleaned --reference-docx
    (`build.render_output`). Raises `IspRecapError` with every problem a writer reported."""
    from .build import render_output

    workers = min(workers, len(tasks))
    if workers <= 1 or not hasattr(os, "fork"):
        if charts is not None:
            charts.close()
        out = []
        for doc, fmt in tasks:
            if progress:
                progress(f"{doc.edition} {fmt}")
            out.append(render_output(doc, fmt, options, reference))
        return out
    return _Pool(tasks, options, progress, reference, charts).run(workers)


@contextlib.contextmanager
def early_chart_worker(outputs: int, workers: int, has_charts: bool) -> Iterator[ChartWorker | None]:
    """A chart worker forked now, before the Documents are built, when rendering `outputs` outputs
    with `workers` jobs will be parallel and the event has charts (None otherwise); ended on leaving,
    whatever happened (a preflight error, Ctrl-C), if `render_outputs` has not ended it."""
    worker = ChartWorker() if has_charts and min(workers, outputs) > 1 and hasattr(os, "fork") else None
    try:
        yield worker
    finally:
        if worker is not None:
            worker.close()


def _charts(doc: Document) -> Iterator[ChartFigure]:
    """Every chart of `doc`, in reading order."""
    from .document.nodes import DataCardBlock

    for block in doc.blocks:
        if isinstance(block, DataCardBlock):
            yield from block.charts


class ChartWorker:
    """A forked process that imports Matplotlib at once, then draws the charts it is sent (`draw`)
    and sends back each drawing as it is done (`receive`). It renders no output."""

    def __init__(self) -> None:
        request_r, request_w = os.pipe()
        answer_r, answer_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the chart worker: never returns into the caller's stack
            status = 0
            try:
                os.close(request_w)
                os.close(answer_r)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
                _draw_on_request(request_r, answer_w)
            except BaseException as exc:  # the parent reports the missing drawing; say why here
                status = 1
                with contextlib.suppress(BaseException):
                    os.write(2, f"isp-recap chart worker: {type(exc).__name__}: {exc}\n".encode("utf-8", "replace"))
            finally:
                os._exit(status)
        os.close(request_r)
        os.close(answer_w)
        self.pid: int | None = pid
        self._request: int | None = request_w
        self._answer: int | None = answer_r
        #: Drawings asked for and not received yet.
        self.pending = 0

    def fileno(self) -> int:
        """The file descriptor the drawings arrive on (for `select`)."""
        if self._answer is None:
            raise WorkerFailed("the chart worker has been ended")
        return self._answer

    def draw(self, jobs: Sequence[tuple[ChartFigure, str]]) -> None:
        """Ask for each chart drawn as its format (`svg` or `png`), in this order; once only.

        A request larger than the pipe's buffer (about 60 charts) waits for the worker to finish
        importing Matplotlib before this returns; a smaller one is buffered at once.
        """
        if self._request is None:
            raise WorkerFailed("the chart worker has already been asked")
        request = json.dumps([[fmt, chart.drawing.recipe()] for chart, fmt in jobs]).encode()
        try:
            _write_all(self._request, _LENGTH.pack(len(request)) + request)
        except BrokenPipeError:
            raise WorkerFailed("the chart worker ended before it was asked for the charts") from None
        finally:
            os.close(self._request)
            self._request = None
        self.pending = len(jobs)

    def receive(self) -> tuple[int, bytes]:
        """The next drawing: its number in the request, and its bytes."""
        number, kind, payload = _receive(self.fileno())
        if kind != _DRAWING:
            raise WorkerFailed(payload.decode("utf-8", "replace"))
        self.pending -= 1
        return number, payload

    def close(self) -> None:
        """End the chart worker (at once if it is still drawing) and wait for it; again does nothing."""
        for handle in (self._request, self._answer):
            if handle is not None:
                with contextlib.suppress(OSError):
                    os.close(handle)
        self._request = self._answer = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _draw_on_request(request_fd: int, answer_fd: int) -> None:
    """In the chart worker: import Matplotlib, then draw what the parent asks for (nothing if it
    closes the pipe without asking) and send each drawing, in order."""
    from .charts.draw import DrawnChart, warm_up

    warm_up()
    raw = _read_exactly(request_fd, _LENGTH.size)
    if raw is None:
        return
    request = _read_exactly(request_fd, _LENGTH.unpack(raw)[0])
    if request is None:
        return
    for number, (fmt, recipe) in enumerate(json.loads(request)):
        try:
            chart = DrawnChart.from_recipe(recipe)
            kind, payload = _DRAWING, chart.drawn(fmt)
        except Exception as exc:  # a bug: reported like a writer's crash
            kind, payload = _CRASH, f"{type(exc).__name__}: {exc}".encode()
        _write_all(answer_fd, _HEADER.pack(number, kind, len(payload)) + payload)
        if kind == _CRASH:
            return


@dataclass
class _Worker:
    pid: int
    #: Where the parent writes this worker's next task.
    task_fd: int
    #: The drawings (numbers in `_Pool.drawings`) this worker has: inherited when it was forked, or sent.
    has: set[int] = field(default_factory=set)


class _Pool:
    """Forked render workers fed task indices (and drawings) over pipes; answers come back as raw
    bytes or JSON.

    Plain pipes and no pickle: a worker receives a number and drawings' bytes, the chart worker
    JSON, and nothing sent back is unpickled (the hostile-input suite forbids unpickling anything
    but Babel's data).
    """

    def __init__(self, tasks: Sequence[tuple[Document, str]], options: BuildOptions,
                 progress: Callable[[str], None] | None, reference: Mapping[str, bytes] | None = None,
                 charts: ChartWorker | None = None) -> None:
        self.tasks, self.options, self.progress = tasks, options, progress
        self.reference = reference
        self.chart_worker = charts
        self.children: dict[int, _Worker] = {}  # answer fd -> its worker
        #: Each drawing an output shows and this process has not drawn: (chart, format), in the order
        #: they are asked for; and the numbers of those each task shows.
        self.drawings: list[tuple[ChartFigure, str]] = []
        self.needs: list[list[int]] = [[] for _ in tasks]

    def _plan(self, order: Sequence[int]) -> None:
        """`drawings` and `needs`: the SVGs first (the PDFs wait for them), each in the order of the
        outputs, largest first; then the PNGs."""
        numbers: dict[tuple[int, str], int] = {}
        for wanted in ("svg", "png"):
            for index in order:
                doc, fmt = self.tasks[index]
                if DRAWING.get(fmt) != wanted:
                    continue
                for chart in _charts(doc):
                    if chart.drawing.is_drawn(wanted):
                        continue
                    key = (id(chart), wanted)
                    if key not in numbers:
                        numbers[key] = len(self.drawings)
                        self.drawings.append((chart, wanted))
                    self.needs[index].append(numbers[key])

    def run(self, workers: int) -> list[bytes]:
        from .batch import preload
        from .interrupts import check

        order = sorted(range(len(self.tasks)), key=lambda i: -_cost(self.tasks[i]))
        self._plan(order)
        results: dict[int, bytes] = {}
        problems: list[Diagnostic] = []
        try:
            if self.drawings and self.chart_worker is None:
                self.chart_worker = ChartWorker()
            if self.chart_worker is not None:
                if self.drawings:
                    self.chart_worker.draw(self.drawings)
                else:
                    self.chart_worker.close()
                    self.chart_worker = None
            sys.stdout.flush()
            sys.stderr.flush()
            # Objects alive now are never garbage: freezing them keeps the workers' collector from
            # walking (and so copying) the parent's heap page by page.
            gc.freeze()
            preload(self.options)  # while the chart worker draws
            check()  # a Ctrl-C lost inside an engine's import (interrupts.py): no workers for nothing
            gc.freeze()
            idle = [self._fork() for _ in range(workers)]
            busy: dict[int, int] = {}  # answer fd -> the task index it renders
            while order or busy:
                self._dispatch(order, idle, busy)
                watch = list(busy)
                if self.chart_worker is not None and self.chart_worker.pending:
                    watch.append(self.chart_worker.fileno())
                if not watch:  # nothing running and nothing to wait for: a bug, not a wait
                    raise WorkerFailed(f"no worker could take {len(order)} output(s)")
                ready, _, _ = select.select(watch, [], [])
                for fd in ready:
                    if fd not in busy:
                        self._adopt()
                        continue
                    index, kind, payload = _receive(fd)
                    if kind == _BYTES:
                        results[index] = payload
                    elif kind == _DIAGNOSTICS:
                        problems += [Diagnostic(**d) for d in json.loads(payload)]
                    else:
                        raise WorkerFailed(payload.decode("utf-8", "replace"))
                    if self.progress:
                        self.progress(f"{self.tasks[index][0].edition} {self.tasks[index][1]}")
                    del busy[fd]
                    idle.append(fd)
            for fd in idle:
                os.write(self.children[fd].task_fd, _TASK.pack(_DONE, 0))
        finally:
            if self.chart_worker is not None:
                self.chart_worker.close()
            self._reap()
            gc.unfreeze()
        if problems:
            raise IspRecapError(problems)
        return [results[i] for i in range(len(self.tasks))]

    def _adopt(self) -> None:
        """Take the chart worker's next drawing into this process's chart."""
        assert self.chart_worker is not None
        number, data = self.chart_worker.receive()
        if not 0 <= number < len(self.drawings):
            raise WorkerFailed(f"the chart worker sent drawing {number}, which nobody asked for")
        chart, fmt = self.drawings[number]
        chart.drawing.adopt(fmt, data)

    def _ready(self, index: int) -> bool:
        """Whether every drawing task `index` shows is in this process."""
        return all(self.drawings[n][0].drawing.is_drawn(self.drawings[n][1]) for n in self.needs[index])

    def _dispatch(self, order: list[int], idle: list[int], busy: dict[int, int]) -> None:
        """Give each idle worker the largest task left, with the drawings it lacks, once they are in.

        Strictly in order, even when a smaller task is ready: the drawings arrive in that order, a
        chart or two apart (about 0.1 s each), and a small output taken first (a bilingual HTML page
        takes a second) would be left at the end, with the other core idle.
        """
        while idle and order:
            index = order[0]
            if not self._ready(index):
                return
            fd = idle.pop(0)
            worker = self.children[fd]
            attached = []
            for number in self.needs[index]:
                if number not in worker.has:
                    chart, fmt = self.drawings[number]
                    data = chart.drawing.drawn(fmt)  # adopted: not drawn here
                    attached.append(_ATTACHED.pack(number, len(data)) + data)
                    worker.has.add(number)
            payload = b"".join(attached)
            order.pop(0)
            _write_all(worker.task_fd, _TASK.pack(index, len(payload)) + payload)
            busy[fd] = index

    def _fork(self) -> int:
        """Start a render worker; return the fd it answers on."""
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
                if self.chart_worker is not None:
                    os.close(self.chart_worker.fileno())
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
                _serve(task_r, answer_w, self.tasks, self.drawings, self.options, self.reference)
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
        drawn = {n for n, (chart, fmt) in enumerate(self.drawings) if chart.drawing.is_drawn(fmt)}
        self.children[answer_r] = _Worker(pid, task_w, drawn)
        return answer_r

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


def _serve(task_fd: int, answer_fd: int, tasks: Sequence[tuple[Document, str]],
           drawings: Sequence[tuple[ChartFigure, str]], options: BuildOptions,
           reference: Mapping[str, bytes] | None = None) -> None:
    """In a render worker: take the drawings sent with each task, render it, until the parent says done."""
    from .build import render_output

    while True:
        raw = _read_exactly(task_fd, _TASK.size)
        if raw is None:
            return
        index, length = _TASK.unpack(raw)
        if index == _DONE:
            return
        attached = _read_exactly(task_fd, length) if length else b""
        if attached is None:
            return
        view, at = memoryview(attached), 0
        while at < len(view):
            number, size = _ATTACHED.unpack_from(view, at)
            at += _ATTACHED.size
            chart, fmt = drawings[number]
            chart.drawing.adopt(fmt, bytes(view[at:at + size]))
            at += size
        doc, fmt = tasks[index]
        try:
            kind, payload = _BYTES, render_output(doc, fmt, options, reference)
        except IspRecapError as exc:
            kind = _DIAGNOSTICS
            payload = json.dumps([vars(d) for d in exc.diagnostics]).encode()
        except Exception as exc:  # a bug: reported with the event, like batch does
            kind, payload = _CRASH, f"{type(exc).__name__}: {exc}".encode()
        _write_all(answer_fd, _HEADER.pack(index, kind, len(payload)) + payload)


def _receive(fd: int) -> tuple[int, int, bytes]:
    """One answer from a worker: its number, kind and payload."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        raise WorkerFailed("a worker process ended without answering (killed?)")
    index, kind, length = _HEADER.unpack(header)
    payload = _read_exactly(fd, length) if length else b""
    if payload is None:
        raise WorkerFailed("a worker process ended in the middle of an answer")
    return index, kind, payload


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
