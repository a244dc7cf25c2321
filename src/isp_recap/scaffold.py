"""Starting files for the user (`isp-recap new`, `isp-recap theme init`): written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, IspRecapError


def write_new_files(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write `files` (name -> text) into `folder`, created if missing; refuse to overwrite anything.

    Raises `IspRecapError` (`exists`, `cannot-write`) with nothing written when any file is already
    there or the folder cannot hold them. Each file is written atomically.
    """
    from .fsio import write_atomic

    paths = {folder / name: text for name, text in files.items()}
    existing = [p for p in paths if p.exists() or p.is_symlink()]
    if existing:
        raise IspRecapError([Diagnostic(str(p), 0, 0, "exists", "already exists; nothing was written")
                             for p in existing])
    if folder.exists() and not folder.is_dir():
        raise IspRecapError([Diagnostic(str(folder), 0, 0, "cannot-write", "is a file, not a folder")])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in paths.items():
            write_atomic(path, text)
    except OSError as exc:
        raise IspRecapError([Diagnostic(str(folder), 0, 0, "cannot-write", exc.strerror or str(exc))]) from None
    return list(paths)
