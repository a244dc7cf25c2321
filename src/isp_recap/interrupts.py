"""Ctrl-C honoured before a build writes, even when a library swallowed it.

CPython can lose a KeyboardInterrupt: raised by the SIGINT handler while a C extension imports a
module, it is cleared by that extension's error handling (found in WeasyPrint's import, through
`xml.etree`'s `_elementtree`: about one Ctrl-C in 50 pressed during the engines' import vanished, and
the build went on to write every output). While `noted()` is active the SIGINT handler raises
KeyboardInterrupt as usual and also remembers it, and `check()` raises it again where a build
would otherwise commit its work.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_seen = False
_depth = 0


def _note(signum: int, frame: FrameType | None) -> None:
    global _seen
    _seen = True
    raise KeyboardInterrupt


@contextmanager
def noted() -> Iterator[None]:
    """Remember a Ctrl-C inside this block for `check` (nested blocks share one note). Only in the
    main thread and over Python's own SIGINT handler: a program that set its own keeps it."""
    global _seen, _depth
    usable = (threading.current_thread() is threading.main_thread()
              and (_depth > 0 or signal.getsignal(signal.SIGINT) is signal.default_int_handler))
    if not usable:
        yield
        return
    if _depth == 0:
        _seen = False
        signal.signal(signal.SIGINT, _note)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            _seen = False


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed inside `noted()`, even if it was swallowed."""
    if _seen:
        raise KeyboardInterrupt
