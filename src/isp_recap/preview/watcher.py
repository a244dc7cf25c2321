"""File-system events for a preview: watchfiles (inotify, FSEvents, ReadDirectoryChangesW) on the
folders of the inputs, filtered to the inputs themselves.

Folders are watched rather than files because editors save by writing a new file and renaming it
over the old one, which ends a watch on the file itself. Folders are watched without recursion (an
event folder may be large); when the event starts naming an image in another folder, the watch is
restarted on the new set of folders.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .session import PreviewSession

#: Milliseconds without a new change before a batch of changes is reported (an editor's save is a
#: write, a rename and a chmod within a few milliseconds).
STEP_MS = 30
#: How often (ms) the watch looks at its stop flag.
RUST_TIMEOUT_MS = 200


def _names(paths: set[Path]) -> set[str]:
    """Each path as given and with symlinks resolved: watchers report either, depending on the OS."""
    out = set()
    for path in paths:
        out.add(os.path.abspath(path))
        out.add(os.path.realpath(path))
    return out


class _Only:
    """A watch filter passing only the given paths."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def __call__(self, _change: object, path: str) -> bool:
        return path in self.names


def watch(session: PreviewSession, stop: threading.Event,
          on_refresh: Callable[[bool, float], None] | None = None,
          on_watching: Callable[[list[str]], None] | None = None) -> None:
    """Refresh `session` whenever one of its inputs changes, until `stop` is set.

    `on_watching` is called with the folders once their watch is in place (and again after a restart).
    """
    import time

    from watchfiles import watch as watch_folders

    while not stop.is_set():
        files = session.watched_files()
        names = _names(files)
        folders = sorted({str(p.parent) for p in files if p.parent.is_dir()})
        if not folders:
            stop.wait(0.5)
            continue
        restart = False
        announced = False
        try:
            for changes in watch_folders(*folders, watch_filter=_Only(names),
                                         stop_event=stop, recursive=False, step=STEP_MS,
                                         rust_timeout=RUST_TIMEOUT_MS, yield_on_timeout=True,
                                         raise_interrupt=False, ignore_permission_denied=True):
                if not announced and on_watching is not None:
                    on_watching(folders)  # the first yield comes from a watch already in place
                announced = True
                if not changes:
                    continue
                started = time.perf_counter()
                changed = session.refresh()
                if on_refresh is not None:
                    on_refresh(changed, time.perf_counter() - started)
                if session.watched_files() != files:
                    restart = True
                    break
        except (OSError, RuntimeError) as exc:  # a watched folder vanished: look again shortly
            print(f"preview: watching stopped ({exc}); retrying", file=sys.stderr)
            stop.wait(0.5)
            restart = True
        if not restart:
            return
