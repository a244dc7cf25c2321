"""Atomic file writes: a crash never leaves a half-written file or destroys the previous one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # The pid in the name lets a later run tell a dead process's leftover from a live one's (sweep_stale).
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def sweep_stale(folder: str | Path, name: str) -> list[Path]:
    """Remove temp files `write_atomic` left for `folder/name` when its process was killed; return them.

    A temp file whose process is still running (a concurrent build) is left alone.
    """
    removed = []
    for tmp in Path(folder).glob(f".{name}.*.tmp"):
        pid = tmp.name[len(name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


class NotARegularFile(OSError):
    """The path names a device, FIFO or socket: reading it could block forever or never end."""


class FileTooLarge(OSError):
    """The file is larger than the caller's limit."""


def read_limited(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`.

    Raises `IsADirectoryError`, `FileNotFoundError`, `NotARegularFile`, `FileTooLarge` or another
    `OSError`. The type is checked before opening (a FIFO would block `open`) and again on the open
    descriptor (O_NONBLOCK), so a file swapped for a FIFO or device in between is refused too; at most
    `max_bytes + 1` bytes are read even if the file grows meanwhile.
    """
    path = Path(path)

    def check(info: os.stat_result) -> None:
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(0, "not a regular file (a device, FIFO or socket)", str(path))
        if info.st_size > max_bytes:
            raise FileTooLarge(0, f"larger than {max_bytes:,} bytes", str(path))

    check(os.stat(path))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        check(os.fstat(handle.fileno()))
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(0, f"larger than {max_bytes:,} bytes", str(path))
    return data
