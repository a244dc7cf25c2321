"""Files in and out: atomic writes, and the one bounded reader every untrusted input goes through.

Writes: a crash never leaves a half-written file or destroys the previous one (`write_atomic`).
Reads (`read_input`): only regular files (a FIFO would block, /dev/zero never ends), symlinks
resolved and confined to the folder the input may come from, a size bound per kind of input, and
one wording per kind of input for each refusal.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, IspRecapError


def write_atomic(path: str | Path, data: bytes | str, *, before_replace: Callable[[], None] | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename.

    Temp files a killed earlier run left for this path are swept first (`sweep_stale`).
    `before_replace` runs once the temporary file is complete, right before the rename; if it raises,
    the temporary file is removed and `path` is left as it was.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:  # what is there now, links followed: a file is replaced; a folder, FIFO or device never
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "a folder has this name", str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(0, "not a regular file (a device, FIFO or socket)", str(path))
    with contextlib.suppress(OSError):
        sweep_stale(path.parent, path.name)
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
        if before_replace is not None:
            before_replace()
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


# -- the one bounded reader -------------------------------------------------------------------------------

MiB = 1024 * 1024


@dataclass(frozen=True)
class InputKind:
    """A kind of untrusted input: what it is called in messages, and how large it may be."""

    noun: str  # "glossary": "no such glossary", "the glossary is larger than ..."
    article: str  # "a glossary": "this is a folder, not a glossary"
    limit: int
    #: The folder it must stay in when the caller gives one (`root`), for the refusal of a link out of it.
    folder: str = "the event folder"


INPUT_KINDS: dict[str, InputKind] = {
    "event": InputKind("event file", "an event file", 8 * MiB),
    "image": InputKind("image", "an image", 20 * MiB),
    "glossary": InputKind("glossary", "a glossary", 2 * MiB),
    "aliases": InputKind("aliases file", "an aliases file", 2 * MiB),
    "exchange": InputKind("translation file", "a PO or XLIFF file", 16 * MiB),
    "catalog": InputKind("catalog", "a catalog", 2 * MiB, "the locales folder"),
    "compiled-catalog": InputKind("compiled catalog", "a .mo file", 4 * MiB, "the locales folder"),
    "transcript": InputKind("transcript", "a transcript file", 20 * MiB),
    "reference-docx": InputKind("reference document", "a .docx file", 20 * MiB),
    "schema": InputKind("schema file", "a schema file", 8 * MiB),
}


class InputRefused(Exception):
    """An input that may not be read: `code` and `message` of the diagnostic, without the path."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def read_input(path: str | Path, kind: str, limit: int | None = None, *, root: str | Path | None = None,
               shown: str | None = None) -> bytes:
    """The bytes of an untrusted input file of `kind` (a key of `INPUT_KINDS`).

    Refused, as an `IspRecapError` with one diagnostic at `shown` (default: `path` as given), before
    anything is opened for reading: a missing file, a folder, a FIFO, device or socket, a file larger
    than `limit` (default: the kind's), and a path whose real location (symlinks resolved) is outside
    `root` (default: the folder that holds `path`, so a link never leads a read elsewhere). Nothing of
    a link's target is put in the message.
    """
    try:
        return read_input_bytes(path, kind, limit, root=root)
    except InputRefused as exc:
        raise IspRecapError([Diagnostic(shown or str(path), 0, 0, exc.code, exc.message)]) from None


def read_input_bytes(path: str | Path, kind: str, limit: int | None = None, *,
                     root: str | Path | None = None) -> bytes:
    """Like `read_input`, raising `InputRefused` (no path): for callers that position the diagnostic."""
    info = INPUT_KINDS[kind]
    limit = info.limit if limit is None else limit
    real = confined_path(path, kind, root)
    try:
        return read_limited(real, limit)
    except IsADirectoryError:
        raise InputRefused("not-a-file", f"this is a folder, not {info.article}") from None
    except NotARegularFile:
        raise InputRefused("not-a-file", f"this is a device, FIFO or socket, not {info.article}") from None
    except FileTooLarge:
        raise InputRefused("file-too-large", f"the {info.noun} is larger than {limit:,} bytes") from None
    except FileNotFoundError:
        raise InputRefused("file-not-found", f"no such {info.noun}") from None
    except OSError as exc:
        raise InputRefused("unreadable", f"cannot read the {info.noun}: {exc.strerror or 'error'}") from None


def confined_path(path: str | Path, kind: str, root: str | Path | None = None) -> Path:
    """The real path of `path` (symlinks resolved), refused with `InputRefused` if it is outside `root`."""
    info = INPUT_KINDS[kind]
    path = Path(path)
    try:
        base = Path(root if root is not None else path.absolute().parent).resolve()
        real = path.resolve(strict=False)
    except (RuntimeError, OSError):  # a symlink loop (RuntimeError before Python 3.13), a name too long
        raise InputRefused("unreadable", f"the path of the {info.noun} cannot be resolved (a symlink loop?)") from None
    if real != base and base not in real.parents:
        where = info.folder if root is not None else "the folder that holds it"
        raise InputRefused("outside-folder", f"the {info.noun} is a link to a file outside {where}; "
                                             "copy the file there instead")
    return real


def file_in_the_way(folder: str | Path) -> Path | None:
    """The first existing part of `folder`'s path that is not a folder (so `folder` cannot be made), or None."""
    for part in (Path(folder), *Path(folder).parents):
        if part.exists():
            return None if part.is_dir() else part
    return None


def check_folder(path: str | Path, noun: str) -> Path:
    """`path` if it is a folder (links followed); else an `IspRecapError`: missing, or not a folder."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise IspRecapError([Diagnostic(str(path), 0, 0, "file-not-found", f"no such {noun}")]) from None
    except OSError as exc:
        raise IspRecapError([Diagnostic(str(path), 0, 0, "unreadable",
                                        f"cannot read the {noun}: {exc.strerror or exc}")]) from None
    if not stat.S_ISDIR(info.st_mode):
        kind = "a file" if stat.S_ISREG(info.st_mode) else "a device, FIFO or socket"
        raise IspRecapError([Diagnostic(str(path), 0, 0, "not-a-folder", f"this is {kind}, not the {noun}")])
    return path


def write_output(path: str | Path, data: bytes | str, noun: str = "file") -> None:
    """`write_atomic`, first sweeping this file's stale temp files, with every `OSError` (missing folder,
    a folder in the way, no permission, disk full) turned into one `cannot-write` diagnostic."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "a folder has this name")
        if not path.parent.is_dir():
            raise FileNotFoundError(2, "no such folder" if not path.parent.exists() else "the folder is a file")
        write_atomic(path, data)  # sweeps this file's stale temp files first
    except OSError as exc:
        raise IspRecapError([Diagnostic(str(path), 0, 0, "cannot-write",
                                        f"cannot write the {noun}: {exc.strerror or exc}")]) from None
