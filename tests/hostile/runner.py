"""Run the `isp-recap` CLI under an audit hook that refuses reads outside the allowed roots.

Used by `harness.py` as `python runner.py ARGS...`; configured by environment variables:

    HOSTILE_READ   os.pathsep-separated folders (or files) that may be opened for reading
    HOSTILE_WRITE  os.pathsep-separated folders that may be opened for writing (the output folder, and
                   the TMPDIR the harness gives the process: WeasyPrint keeps @font-face files there)

The hook is installed before `isp_recap` is imported, so every Python-level `open` the product makes
(including those of the libraries it calls: Pillow, Babel, python-docx, WeasyPrint's URL fetcher)
goes through it. It cannot see files opened from C (fontconfig and Pango reading system fonts,
libjpeg): audit hooks only observe the Python API, which is where user-controlled paths are handled.

A violation is written to stderr as one `hostile-audit: ...` line (with `os.write`, which is not
itself audited) and the operation is aborted by raising, so a product that swallowed the exception
still cannot read the file, and the harness still sees the line.
"""

from __future__ import annotations

import os
import sys

_READ = tuple(p for p in os.environ.get("HOSTILE_READ", "").split(os.pathsep) if p)
_WRITE = tuple(p for p in os.environ.get("HOSTILE_WRITE", "").split(os.pathsep) if p)

# Write flags: an `open` whose flags include any of these is a write.
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

# Events that mean "reaching the network" or "running something": any of them is a violation.
_FORBIDDEN_PREFIXES = ("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.")
_FORBIDDEN = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile"}
# Babel's locale data is pickled (in site-packages, whose opens are checked like any other); what its
# pickles name is allowed, any other class an unpickler looks up is a violation.
_PICKLE_MODULES = ("babel.", "decimal", "datetime", "collections", "copyreg", "_codecs")
# Path-taking events that read (list) a folder.
_LISTING = {"os.listdir", "os.scandir", "glob.glob", "os.walk"}
# Events that change the file system -> which arguments are paths, each with the index of its dir_fd
# argument (None: none). A path relative to a dir_fd (as shutil.rmtree removes) is resolved through
# /proc/self/fd, not against the current folder.
_CHANGES: dict[str, tuple[tuple[int, int | None], ...]] = {
    "os.remove": ((0, 1),), "os.rmdir": ((0, 1),), "os.rename": ((0, 2), (1, 3)), "os.replace": ((0, 2), (1, 3)),
    "os.link": ((0, 2), (1, 3)), "os.mkdir": ((0, 2),), "os.chmod": ((0, 2),), "os.utime": ((0, 3),),
    "os.symlink": ((1, 2),), "os.truncate": ((0, None),), "shutil.rmtree": ((0, 1),),
    "shutil.copyfile": ((1, None),), "shutil.move": ((0, None), (1, None)),
}

# Interruption tests: every change under HOSTILE_KILL_DIR (an output folder) is a numbered step;
# HOSTILE_TRACE=1 lists them on stderr, HOSTILE_KILL_AT=k kills this process with SIGKILL at step k,
# before the operation happens (as a power cut or the OOM killer would, with no chance to clean up).
_KILL_DIR = os.environ.get("HOSTILE_KILL_DIR", "")
_KILL_AT = int(os.environ.get("HOSTILE_KILL_AT", "0"))
_TRACE = os.environ.get("HOSTILE_TRACE") == "1"
_steps = 0

_busy = False


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _real(path: object, dir_fd: object = None) -> str | None:
    if isinstance(path, int):  # an already-open descriptor: its opening was checked
        return None
    try:
        name = os.fsdecode(path)  # type: ignore[arg-type]
        if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(name):  # -1: no dir_fd given
            name = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), name)
        # realpath, not abspath: a symlink inside the event folder that points at /etc/passwd must
        # count as a read of /etc/passwd. (realpath uses lstat/readlink, which are not audited.)
        return os.path.realpath(name)
    except (TypeError, ValueError, OSError):
        return repr(path)


def _step(event: str, path: str) -> None:
    global _steps
    if not _KILL_DIR or not _inside(path, (_KILL_DIR,)):
        return
    _steps += 1
    if _TRACE:
        os.write(2, f"hostile-step: {_steps} {event} {os.path.basename(path)}\n".encode())
    if _steps == _KILL_AT:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _violation(event: str, detail: str) -> None:
    os.write(2, f"hostile-audit: {event} {detail}\n".encode("utf-8", "backslashreplace"))
    raise PermissionError(f"hostile-audit refused {event} {detail}")


def _hook(event: str, args: tuple[object, ...]) -> None:
    global _busy
    if _busy:
        return
    _busy = True
    try:
        _check(event, args)
    finally:
        _busy = False


def _check(event: str, args: tuple[object, ...]) -> None:
    if event in _FORBIDDEN or event.startswith(_FORBIDDEN_PREFIXES):
        _violation(event, repr(args)[:300])
    if event == "pickle.find_class" and not str(args[0]).startswith(_PICKLE_MODULES):
        _violation(event, repr(args)[:300])
    if event == "open":
        path = _real(args[0])
        if path is None:
            return
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        writing = any(c in mode for c in "wax+") or bool(flags & _WRITE_FLAGS)
        if writing:
            if not _inside(path, _WRITE):
                _violation("open-for-write", path)
            _step("open-for-write", path)
        elif not _inside(path, _READ + _WRITE):
            _violation("open", path)
    elif event in _LISTING and args:
        path = _real(args[0] if args[0] is not None else ".")
        if path is not None and not _inside(path, _READ + _WRITE):
            _violation(event, path)
    elif event in _CHANGES:
        for index, fd_index in _CHANGES[event]:
            if index >= len(args):
                continue
            dir_fd = args[fd_index] if fd_index is not None and fd_index < len(args) else None
            path = _real(args[index], dir_fd)
            if path is not None and not _inside(path, _WRITE):
                _violation(event, path)
            if path is not None:
                _step(event, path)


def main() -> None:
    """Install the hook, then run the CLI with this process's arguments."""
    import faulthandler

    # A run that hangs is killed at 30 s; a second earlier, say where it was (for the failure report).
    faulthandler.dump_traceback_later(float(os.environ.get("HOSTILE_DUMP_AFTER", "28")), exit=False)
    sys.addaudithook(_hook)
    if os.environ.get("HOSTILE_SELFTEST"):
        # The harness's own tests: run this code under the hook instead of the CLI, to show that the
        # hook does catch what it is there to catch.
        exec(compile(os.environ["HOSTILE_SELFTEST"], "<selftest>", "exec"), {})
        return
    from isp_recap.cli import main as cli_main

    sys.argv = ["isp-recap", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
