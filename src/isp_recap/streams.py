"""A standard stream whose reader has gone (`isp-recap validate *.yaml | head`): stop quietly.

Writing to a pipe nobody reads fails with `BrokenPipeError` (Python ignores SIGPIPE). Without care
it surfaces as an internal error, or as "Exception ignored" and a traceback when the interpreter
flushes standard output at exit. A command whose reader has gone stops instead, prints nothing
more, and exits 1: what click (under Typer) and Rich already do for the commands they print, and
what Python's documentation recommends (library/signal, "Note on SIGPIPE"). Every output file is
written atomically, so one left by such a run is whole, old or new.

A broken pipe anywhere else (a preview browser that left, a worker process that died) is not this:
it is told apart by asking the kernel whether standard output or error has lost its reader.
"""

from __future__ import annotations

import errno
import os
import sys

#: The exit status of a command whose standard output or error was closed by its reader.
EXIT_CLOSED = 1
STANDARD_FDS = (1, 2)


def closed_streams() -> list[int]:
    """The standard output and error descriptors that are pipes or sockets with no reader left."""
    import select

    if not hasattr(select, "poll"):  # pragma: no cover - Windows: no pipes' readers to ask about
        return []
    poller = select.poll()
    for fd in STANDARD_FDS:
        poller.register(fd, select.POLLOUT)
    # A pipe whose reading end is closed polls as POLLERR (Linux, macOS); a socket whose peer left,
    # POLLHUP. A closed descriptor (POLLNVAL) has no reader to lose.
    return sorted(fd for fd, events in poller.poll(0) if events & (select.POLLERR | select.POLLHUP))


def is_closed_stream_error(exc: BaseException) -> bool:
    """Whether `exc` is a write to a standard stream that its reader has closed."""
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE and bool(closed_streams())


def stop_if_closed(exc: BaseException) -> None:
    """Exit quietly with `EXIT_CLOSED` when `exc` comes from a closed standard stream; else return.

    The closed descriptors are pointed at /dev/null first, so that nothing the interpreter still
    holds in its buffers fails again when it flushes them at exit.
    """
    if not is_closed_stream_error(exc):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in closed_streams():
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)
    raise SystemExit(EXIT_CLOSED)


def flush_standard_streams() -> None:
    """Flush standard output and error now, where a closed reader can be answered (`stop_if_closed`),
    rather than at interpreter exit, where it prints "Exception ignored" and exits 120."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except OSError as exc:
            stop_if_closed(exc)
            raise
