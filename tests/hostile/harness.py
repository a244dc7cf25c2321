"""Run `isp-recap` on hostile input in a confined, bounded subprocess and check the contract.

The contract (issue 5), for every bad input:

1. stderr has `PATH:LINE:COL: error[CODE]: message` lines (no Traceback, no bare exception name), exit 2;
2. no side effects: event folder and output folder unchanged byte for byte, no temp files left;
3. confinement: no Python-level `open` outside the allowed roots and no socket call (see runner.py);
4. bounded: 1 GiB of address space, 30 s of CPU; a wall-clock guard (120 s) catches a hang, which
   uses no CPU. The wall-clock guard is generous because a loaded machine (CI, parallel work) can
   stretch 30 s of CPU well past 30 s of wall time: the bound that matters is the CPU one.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

import isp_recap

T = TypeVar("T")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RUNNER = HERE / "runner.py"
FIXTURES = HERE / "fixtures"
PACKAGE = Path(isp_recap.__file__).resolve().parent
LOCALES = ROOT / "locales"

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space
TIME_LIMIT = 30  # seconds of CPU
WALL_LIMIT = 120  # seconds of wall clock: a hang guard, not a speed test

#: `PATH:LINE:COL: error[CODE]: message` (LINE:COL optional: some errors have no position); warnings too.
DIAGNOSTIC = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<severity>error|warning)"
                        r"\[(?P<code>[a-z0-9-]+)\]: (?P<message>.+)$")
#: A message that is only an exception's class name (`KeyError`, `struct.error: ...`) explains nothing.
BARE_EXCEPTION = re.compile(r"^(?:[A-Za-z_][\w.]*(?:Error|Exception|error|Warning))(?::|$)")
#: Characters that must never reach a terminal raw (escape sequences, bidi overrides).
UNSAFE_OUTPUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The temp files `fsio.write_atomic` makes beside an output.
TEMP_FILE = re.compile(r"^\..*\.tmp$")


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(path)


def read_roots() -> list[str]:
    """Folders the product may read besides the event and output folders.

    The interpreter's standard library and site-packages (imports, and data files the libraries ship:
    Babel's locale data, WeasyPrint's user-agent stylesheets, python-docx's default template), the
    package itself (templates, fonts, reference document) and the project's label catalogs.
    """
    paths = sysconfig.get_paths()
    roots = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"], sys.prefix,
             sys.base_prefix + "/lib", str(PACKAGE), str(PACKAGE.parent), str(LOCALES),
             # Harmless devices; /dev/urandom is how the standard library seeds random and tempfile.
             "/dev/null", "/dev/urandom",
             # The time-zone database: Babel looks up the local zone when imported, whatever the input.
             "/usr/share/zoneinfo", "/etc/localtime", "/etc/timezone",
             # The MIME-type tables `mimetypes` reads on first use (WeasyPrint guesses types with it).
             *mimetypes.knownfiles}
    return sorted({_real(p) for p in roots})


@dataclass
class Result:
    """What one run of the CLI did."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    violations: list[str] = field(default_factory=list)
    timed_out: bool = False

    @property
    def diagnostics(self) -> list[re.Match[str]]:
        """The `PATH:LINE:COL: error[CODE]: message` (and warning) lines of stderr, then of stdout
        (`check` prints its findings there, as linters do)."""
        found = (DIAGNOSTIC.match(line) for line in (self.stderr + "\n" + self.stdout).splitlines())
        return [m for m in found if m]

    @property
    def errors(self) -> list[re.Match[str]]:
        """Only the error lines."""
        return [m for m in self.diagnostics if m["severity"] == "error"]

    def describe(self) -> str:
        """Everything about the run, for assertion messages."""
        return (f"$ isp-recap {' '.join(self.args)}\nexit {self.returncode}"
                f"{' (timed out)' if self.timed_out else ''}\n--- stdout\n{self.stdout[-3000:]}\n"
                f"--- stderr\n{self.stderr[-3000:]}\n--- audit\n" + "\n".join(self.violations))


def _limits() -> None:
    # Runs in the child between fork and exec: the limits apply to the CLI process only.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT, TIME_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


#: prctl(2) PR_CAPBSET_DROP, and the capabilities that let root read and search whatever the mode bits say.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _limits_as_a_user() -> None:
    """`_limits`, and a root process gives up reading past permissions, as a user's process cannot.

    Tests run as root in CI containers, where chmod 000 hides nothing. Dropping CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH from the bounding set before exec leaves the CLI without them (root's
    inheritable set is empty), so a chmod-000 file or folder is unreadable to it, as to any user.
    """
    _limits()
    if os.geteuid() == 0:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
            if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                os._exit(126)  # cannot drop it: fail the run loudly rather than test nothing


@dataclass
class Command:
    """The argv, environment and temp folder of one confined CLI run."""

    argv: list[str]
    env: dict[str, str]
    tmp: Path
    cwd: Path | None


def command(args: Sequence[str | Path], *, event_dir: Path | None, out_dir: Path | None = None,
            cwd: Path | None = None, extra_read: Iterable[Path] = (),
            extra_env: dict[str, str] | None = None) -> Command:
    """How to run `isp-recap ARGS` confined to `event_dir` (reads) and `out_dir` (writes)."""
    reads = read_roots() + [_real(p) for p in extra_read]
    if event_dir is not None:
        reads.append(_real(event_dir))
    # A temp folder of its own: WeasyPrint writes the @font-face fonts and a fontconfig file there while
    # rendering; it must be empty again afterwards (no temp files left behind).
    tmp = Path(tempfile.mkdtemp(prefix="isp-recap-hostile-tmp-"))
    writes = [_real(tmp)] + ([_real(out_dir)] if out_dir is not None else [])
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LANG": "C.UTF-8",
        "HOSTILE_READ": os.pathsep.join(reads),
        "HOSTILE_WRITE": os.pathsep.join(writes),
        "TMPDIR": str(tmp),
        "HOSTILE_DUMP_AFTER": os.environ.get("HOSTILE_DUMP_AFTER", str(WALL_LIMIT - 2)),
        # No proxy variables are passed on: nothing should look for the network, and a test must not
        # depend on the machine's network settings.
        **(extra_env or {}),
    }
    # -I: no script folder or current folder on sys.path (an event folder holding a `typer.py` must not
    # be imported), no PYTHON* variables, no user site-packages. -B: importing writes no .pyc files.
    argv = [sys.executable, "-I", "-B", str(RUNNER), *[str(a) for a in args]]
    return Command(argv, env, tmp, cwd or event_dir)


def start_cli(cmd: Command) -> subprocess.Popen[bytes]:
    """Start a run without waiting (to interrupt it)."""
    return subprocess.Popen(cmd.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cmd.env, cwd=cmd.cwd,
                            preexec_fn=_limits)


def run_cli(args: Sequence[str | Path], *, event_dir: Path | None, out_dir: Path | None = None,
            cwd: Path | None = None, extra_read: Iterable[Path] = (), timeout: float = WALL_LIMIT,
            extra_env: dict[str, str] | None = None, as_a_user: bool = False) -> Result:
    """Run `isp-recap ARGS` confined to `event_dir` (reads) and `out_dir` (writes), bounded.

    `as_a_user`: without root's right to read past permissions (see `_limits_as_a_user`).
    """
    cmd = command(args, event_dir=event_dir, out_dir=out_dir, cwd=cwd, extra_read=extra_read, extra_env=extra_env)
    shown = cmd.argv[4:]
    try:
        proc = subprocess.run(cmd.argv, capture_output=True, text=True, errors="backslashreplace", timeout=timeout,
                              env=cmd.env, cwd=cmd.cwd, preexec_fn=_limits_as_a_user if as_a_user else _limits)
    except subprocess.TimeoutExpired as exc:
        def text(value: str | bytes | None) -> str:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else (value or "")

        shutil.rmtree(cmd.tmp, ignore_errors=True)
        return Result(shown, -9, text(exc.stdout), text(exc.stderr), timed_out=True)
    lines = proc.stderr.splitlines(keepends=True)
    violations = [line.strip() for line in lines if line.startswith("hostile-audit: ")]
    if proc.returncode != -9:  # a process killed on purpose cannot clean up its temp folder
        violations += [f"temp file left behind: {p}" for p in sorted(cmd.tmp.rglob("*"))]
    shutil.rmtree(cmd.tmp, ignore_errors=True)
    stderr = "".join(line for line in lines if not line.startswith("hostile-audit: "))
    return Result(shown, proc.returncode, proc.stdout, stderr, violations)


def run_parallel(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Run independent tasks (each starting a CLI subprocess) on every core; results in order."""
    from concurrent.futures import ThreadPoolExecutor

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=max(1, cores)) as pool:
        return list(pool.map(lambda task: task(), tasks))


def run_cases(factory: pytest.TempPathFactory, names: Iterable[str], one: Callable[[str, Path], T]) -> dict[str, T]:
    """`one(name, folder)` for each name, on every core, each in a fresh folder of its own.

    The folders are made first, in this thread: pytest's `tmp_path_factory` is not thread-safe (a
    `mktemp` from worker threads once failed its own path check, "not a normalized and relative path").
    """
    ordered = list(names)
    roots = {name: factory.mktemp(name) for name in ordered}
    done = run_parallel([lambda name=name: one(name, roots[name]) for name in ordered])  # type: ignore[misc]
    return dict(zip(ordered, done, strict=True))


# -- snapshots ------------------------------------------------------------------------------------


def snapshot(*folders: Path) -> dict[str, str]:
    """Hash of every file (and the target of every symlink) under `folders` (or of a file), by path."""
    out: dict[str, str] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            key = str(path)
            if path.is_symlink():
                out[key] = "link:" + os.readlink(path)
            elif path.is_file():
                out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                out[key] = "dir"
            else:
                out[key] = "special"
    return out


def temp_files(*folders: Path) -> list[Path]:
    """Leftover temporary files of atomic writes under `folders`."""
    return [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if TEMP_FILE.match(p.name)]


# -- the contract ---------------------------------------------------------------------------------


def assert_clean_failure(result: Result, expected: Iterable[Expected] = (), *, path: str | None = None) -> None:
    """Contract point 1 (and 3, 4): exit 2, positioned diagnostics, no traceback, no audit violation.

    Each `(code, line, col)` of `expected` must be reported (line/col None: any position), in `path`
    (or a member of it, `path!member`) when given.
    """
    assert_confined(result)
    assert result.returncode == 2, result.describe()
    assert "Traceback" not in result.stderr, result.describe()
    diagnostics = result.diagnostics
    assert result.errors, "no PATH:LINE:COL: error[CODE]: line\n" + result.describe()
    # Messages quote the input: its control and bidi characters must be escaped, not sent to the terminal.
    assert not UNSAFE_OUTPUT.search(result.stderr), "raw control character in stderr\n" + result.describe()
    for m in diagnostics:
        assert not BARE_EXCEPTION.match(m["message"]), f"bare exception as message: {m[0]}\n" + result.describe()
        assert m["code"] != "internal", result.describe()
    for code, line, col in expected:
        assert_reported(result, code, line, col, path=path)


def assert_reported(result: Result, code: str, line: int | None = None, col: int | None = None, *,
                    path: str | None = None) -> None:
    """Some diagnostic (error or warning) has `code` (at `line`:`col` when given, in `path` when given)."""
    matching = [m for m in result.diagnostics if m["code"] == code]
    assert matching, f"expected error[{code}]\n" + result.describe()
    if path is not None:
        matching = [m for m in matching if m["path"] == path or m["path"].startswith(path + "!")]
        assert matching, f"expected error[{code}] in {path}\n" + result.describe()
    if line is not None:
        where = [(int(m["line"] or 0), int(m["col"] or 0)) for m in matching]
        ok = (line, col) in where if col is not None else any(w[0] == line for w in where)
        assert ok, f"expected error[{code}] at {line}:{col}, got {where}\n" + result.describe()


def assert_confined(result: Result) -> None:
    """Contract points 3 and 4: no audit violation, finished within the limits."""
    assert not result.timed_out, "did not finish in time\n" + result.describe()
    assert not result.violations, "confinement violated\n" + result.describe()
    assert result.returncode >= 0, f"killed by signal {-result.returncode}\n" + result.describe()
    assert "MemoryError" not in result.stderr, result.describe()


def assert_unchanged(before: dict[str, str], *folders: Path) -> None:
    """Contract point 2: the folders are byte-for-byte as they were; no temp files left behind."""
    after = snapshot(*folders)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"files changed: {changed}"
    assert not temp_files(*folders)


Expected = tuple[str, int | None, int | None]


def expectations(path: Path) -> list[Expected]:
    """The `# expect: CODE [LINE [COL]] ; CODE ...` on the first line of a fixture (one line, so the
    positions of the lines below are what an editor shows)."""
    with path.open("rb") as handle:
        first = handle.readline().decode("utf-8", "replace")
    if not first.startswith("# expect:"):
        raise ValueError(f"{path}: first line must be '# expect: CODE [LINE [COL]] ; ...'")
    out: list[Expected] = []
    for item in first[len("# expect:"):].split(";"):
        code, *where = item.split()
        out.append((code, int(where[0]) if where else None, int(where[1]) if len(where) > 1 else None))
    return out


# -- a sandbox: event folder, output folder, and a canary outside both ------------------------------

CANARY_TOKEN = "CANARY-7f3c1e-not-for-any-output"
PREVIOUS = b"previous output: must survive every failed build byte for byte\n"


@dataclass
class Sandbox:
    """`root/event/` (the event folder), `root/out/` (outputs), `root/canary.txt` (outside both).

    The canary holds a token no output may ever contain; fixtures point at it with `../canary.txt`.
    """

    root: Path

    def __post_init__(self) -> None:
        self.event_dir.mkdir(parents=True, exist_ok=True)
        self.canary.write_text(CANARY_TOKEN + "\n", encoding="utf-8")

    @property
    def event_dir(self) -> Path:
        return self.root / "event"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def canary(self) -> Path:
        return self.root / "canary.txt"

    def write(self, name: str, data: str | bytes) -> Path:
        """Put a file (text or bytes) into the event folder."""
        path = self.event_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    def seed_outputs(self, formats: Iterable[str] = ("pdf", "docx", "html")) -> None:
        """Stand-ins for the outputs of an earlier build, which a failed build must not touch."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for edition in ("en", "my", "bilingual"):
            for fmt in formats:
                (self.out_dir / f"memo.{edition}.{fmt}").write_bytes(PREVIOUS)

    def snapshot(self) -> dict[str, str]:
        return snapshot(self.event_dir, self.out_dir, self.canary)

    def assert_unchanged(self, before: dict[str, str]) -> None:
        """Event folder, output folder and canary exactly as in `before`; no temp files."""
        assert_unchanged(before, self.event_dir, self.out_dir, self.canary)

    def run(self, *args: str | Path, extra_read: Iterable[Path] = ()) -> Result:
        """`isp-recap ARGS` in the event folder, reading only it and writing only the output folder."""
        return run_cli(args, event_dir=self.event_dir, out_dir=self.out_dir, cwd=self.event_dir,
                       extra_read=extra_read)

    def build(self, event: str = "event.yaml", *options: str) -> Result:
        """`isp-recap build EVENT -o OUT OPTIONS` (HTML only unless the options say otherwise)."""
        if not any(o.startswith("--format") for o in options):
            options = ("--format", "html", *options)
        return self.run("build", event, "-o", self.out_dir, *options)

    def outputs(self) -> dict[str, bytes]:
        """The memo files in the output folder."""
        return {p.name: p.read_bytes() for p in sorted(self.out_dir.glob("memo.*"))}


def assert_no_leak(data: bytes, what: str = "output") -> None:
    """No byte sequence of the canary or of /etc/passwd is in `data` (raw or inside a compressed PDF)."""
    haystacks = [data]
    if data.startswith(b"%PDF"):
        haystacks += _pdf_streams(data)
    if data.startswith(b"PK"):
        haystacks += _zip_members(data)
    needles = [CANARY_TOKEN.encode()]
    with contextlib.suppress(OSError):
        needles += [line.encode() for line in Path("/etc/passwd").read_text().splitlines() if len(line) > 12]
    for hay in haystacks:
        for needle in needles:
            assert needle not in hay, f"{what} contains {needle[:40]!r}"


def _pdf_streams(data: bytes) -> list[bytes]:
    import zlib

    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            out.append(zlib.decompress(data[m.end():end]))
        except zlib.error:
            continue
    return out


def _zip_members(data: bytes) -> list[bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(name) for name in archive.namelist()]


def png_bytes(size: tuple[int, int] = (40, 30), fmt: str = "PNG", mode: str = "RGB") -> bytes:
    """A small valid image (PNG unless `fmt` says otherwise)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 0).save(out, fmt)
    return out.getvalue()


# -- many events in one process -------------------------------------------------------------------


@dataclass
class BatchRun:
    """One `isp-recap build --jobs 1 ev-A/event.yaml ev-B/event.yaml ...` in `root`.

    A process per case would cost ~0.4 s of start-up each; one batch runs every case through the same
    `build_event` in one process, each event into its default output folder `out/ev-NAME/`, which
    holds stand-ins for earlier outputs. `--jobs 1` keeps it in one process: a worker pool's manager
    talks over a local socket, which the audit hook counts as a socket call.
    """

    root: Path
    before: dict[str, str]
    result: Result

    def folder(self, name: str) -> Path:
        return self.root / f"ev-{name}"

    def out(self, name: str) -> Path:
        return self.root / "out" / f"ev-{name}"

    def path(self, name: str) -> str:
        """How diagnostics name the event file of case `name`."""
        return f"ev-{name}/event.yaml"

    def assert_untouched(self, name: str) -> None:
        """The case's event folder and output folder are as before the run; no temp files."""
        folders = (self.folder(name), self.out(name))
        prefixes = tuple(str(f) + os.sep for f in folders)
        before = {k: v for k, v in self.before.items() if k.startswith(prefixes)}
        assert snapshot(*folders) == before
        assert not temp_files(*folders)


def run_batch(root: Path, cases: Mapping[str, Callable[[Path], object]], *options: str) -> BatchRun:
    """Set up each case's folder with its callable (which writes `event.yaml` and more), then build all."""
    Sandbox(root)  # for its canary, beside the case folders
    for name, setup in cases.items():
        folder = root / f"ev-{name}"
        folder.mkdir()
        setup(folder)
        out = root / "out" / folder.name
        out.mkdir(parents=True)
        for output in ("memo.en.html", "memo.my.pdf", "memo.bilingual.docx"):
            (out / output).write_bytes(PREVIOUS)
    before = snapshot(root)
    folders = [root / f"ev-{name}" for name in cases]
    if not any(o.startswith("--format") for o in options):
        options = ("--format", "html", *options)
    result = run_cli(["build", "--jobs", "1", *options, *[f"{f.name}/event.yaml" for f in folders]],
                     event_dir=None, out_dir=root / "out", cwd=root, extra_read=folders)
    return BatchRun(root, before, result)


@dataclass
class SandboxRun:
    """One CLI run in a sandbox, with the hashes of the sandbox's files taken before it."""

    box: Sandbox
    before: dict[str, str]
    result: Result
