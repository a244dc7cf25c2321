"""The outputs of one event rendered side by side in forked worker processes.

A build of the sample renders nine outputs, and the PDFs take most of the time; one process uses one
core. Here the parent builds each edition's Document once, imports the engines (`batch.preload`),
then forks: the workers inherit the Documents and the imported engines (copy-on-write) and each
renders whole outputs, largest first, so two cores finish together. Each output's bytes are the same
as a serial build's: the same writer runs on the same Document, only in another process.

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
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, IspRecapError

if TYPE_CHECKING:
    from .build import BuildOptions
    from .document.nodes import Document

#: Relative cost of one output by format, to start the longest first (measured on the sample: a PDF
#: takes 5-20 times a DOCX, an HTML page almost nothing). Only the order depends on it, never bytes.
COST = {"pdf": 10.0, "docx": 1.0, "html": 0.2}

#: A worker's answer: task index, kind (below), payload length; then the payload.
_HEADER = struct.Struct(">iBQ")
_BYTES, _DIAGNOSTICS, _CRASH = 0, 1, 2
#: Sent to a worker instead of a task index: no more work.
_DONE = -1


class WorkerFailed(RuntimeError):
    """A worker process died or failed outside the writers (reported as an internal error)."""


def render_outputs(tasks: Sequence[tuple[Document, str]], options: BuildOptions, workers: int,
                   progress: Callable[[str], None] | None = None,
                   reference: Mapping[str, bytes] | None = None) -> list[bytes]:
    """The bytes of each (Document, format) in `tasks`, in the same order, using up to `workers`
    processes; `reference` is the cleaned --reference-docx (`build.render_output`). Raises
    `IspRecapError` with every problem a writer reported."""
    from .build import render_output

    workers = min(workers, len(tasks))
    if workers <= 1 or not hasattr(os, "fork"):
        out = []
        for doc, fmt in tasks:
            if progress:
                progress(f"{doc.edition} {fmt}")
            out.append(render_output(doc, fmt, options, reference))
        return out
    from .batch import preload

    preload(options)
    return _Pool(tasks, options, workers, progress, reference).run()


class _Pool:
    """Forked workers fed task indices over pipes; answers come back as raw bytes or JSON.

    Plain pipes and no pickle: a worker receives only a number, and nothing it sends back is
    unpickled (the hostile-input suite forbids unpickling anything but Babel's data).
    """

    def __init__(self, tasks: Sequence[tuple[Document, str]], options: BuildOptions, workers: int,
                 progress: Callable[[str], None] | None, reference: Mapping[str, bytes] | None = None) -> None:
        self.tasks, self.options, self.workers, self.progress = tasks, options, workers, progress
        self.reference = reference
        self.children: dict[int, tuple[int, int]] = {}  # answer fd -> (pid, task fd)

    def run(self) -> list[bytes]:
        order = sorted(range(len(self.tasks)), key=lambda i: -_cost(self.tasks[i]))
        results: dict[int, bytes] = {}
        problems: list[Diagnostic] = []
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects alive now are never garbage: freezing them keeps the workers' collector from walking
        # (and so copying) the parent's heap page by page.
        gc.freeze()
        try:
            for _ in range(self.workers):
                self._fork()
            busy: dict[int, int] = {}  # answer fd -> the task index it renders
            for fd in list(self.children):
                self._next(fd, order, busy)
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
                    self._next(fd, order, busy)
        finally:
            self._reap()
            gc.unfreeze()
        if problems:
            raise IspRecapError(problems)
        return [results[i] for i in range(len(self.tasks))]

    def _fork(self) -> None:
        task_r, task_w = os.pipe()
        answer_r, answer_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's stack
            status = 0
            try:
                os.close(task_w)
                os.close(answer_r)
                for fd in self.children:  # the other workers' pipes, inherited from the parent
                    os.close(fd)
                    os.close(self.children[fd][1])
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
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
        self.children[answer_r] = (pid, task_w)

    def _next(self, fd: int, order: list[int], busy: dict[int, int]) -> None:
        """Give the worker answering on `fd` the next task, or tell it there is none."""
        busy.pop(fd, None)
        index = order.pop(0) if order else _DONE
        os.write(self.children[fd][1], struct.pack(">i", index))
        if index != _DONE:
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
        for fd, (pid, task_fd) in self.children.items():
            for handle in (fd, task_fd):
                with contextlib.suppress(OSError):
                    os.close(handle)
            # A worker still rendering (the parent was interrupted) is ended; an idle one is exiting.
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.children.clear()


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
