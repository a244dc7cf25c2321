"""Killing `isp-recap build` (SIGKILL: no handler runs, nothing is cleaned up) never leaves a truncated
`memo.*`: each output is either the previous build's, byte for byte, or absent; the next build sweeps
what the killed one left and completes.

Kill points are deterministic: the k-th change the build makes in its output folder (creating a temp
file, setting its mode, renaming it over the output, ...), counted by the audit hook, which kills the
process just before that change; plus a few points in time spread over the whole run, for the
rendering phase. Outputs are byte-for-byte reproducible, so "complete" means "equal to the reference".
"""

from __future__ import annotations

import io
import re
import shutil
import signal
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import (
    FIXTURES,
    Sandbox,
    assert_confined,
    command,
    png_bytes,
    run_cases,
    run_cli,
    start_cli,
    temp_files,
)

TINY = FIXTURES / "accepted" / "tiny.yaml"
FORMATS = ("--format", "pdf,docx,html", "--lang", "en", "--edition", "separate")
STEP = re.compile(r"^hostile-step: (\d+) (\S+) (.+)$", re.M)


def _args(box: Sandbox) -> list[str | Path]:
    return ["build", "event.yaml", "-o", box.out_dir, "--force", *FORMATS]


def _complete(name: str, data: bytes) -> bool:
    """The file is a whole document of its kind (what a reader would open without complaint)."""
    if name.endswith(".pdf"):
        from pypdf import PdfReader

        return data.rstrip().endswith(b"%%EOF") and len(PdfReader(io.BytesIO(data), strict=True).pages) > 0
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    return data.rstrip().endswith(b"</html>")


@dataclass
class Reference:
    box: Sandbox
    outputs: dict[str, bytes]  # the complete outputs (and what any later build writes, byte for byte)
    steps: list[str]  # the numbered changes a build makes in its output folder
    duration: float  # seconds a build takes here


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """A complete build (the "previous outputs"), traced: the numbered steps it took."""
    box = Sandbox(tmp_path_factory.mktemp("reference"))
    box.write("event.yaml", TINY.read_text(encoding="utf-8"))
    box.write("images/chart.png", png_bytes())
    started = time.monotonic()
    first = run_cli(_args(box), event_dir=box.event_dir, out_dir=box.out_dir,
                    extra_env={"HOSTILE_KILL_DIR": str(box.out_dir.resolve()), "HOSTILE_TRACE": "1"})
    duration = time.monotonic() - started
    assert_confined(first)
    assert first.returncode == 0, first.describe()
    outputs = box.outputs()
    assert set(outputs) == {"memo.en.pdf", "memo.en.docx", "memo.en.html"}
    assert all(_complete(name, data) for name, data in outputs.items())
    return Reference(box, outputs, [f"{m[2]} {m[3]}" for m in STEP.finditer(first.stderr)], duration)


def test_the_build_changes_its_folder_in_steps(reference: Reference) -> None:
    renames = [s for s in reference.steps if s.startswith("os.rename")]
    # A temp file, its mode, its rename over the output (two paths): for each output and the state file.
    assert len(renames) == 2 * 4, reference.steps
    assert [s.split()[1] for s in renames[1::2]] == ["memo.en.pdf", "memo.en.docx", "memo.en.html",
                                                     ".isp-recap-state.json"], renames


def _copy(box: Sandbox, root: Path) -> Sandbox:
    """A sandbox in `root` holding the reference event and its complete outputs."""
    new = Sandbox(root)
    shutil.copytree(box.event_dir, new.event_dir, dirs_exist_ok=True)
    # Without the state file, so that the rebuild writes it again and takes the same steps as the first.
    shutil.copytree(box.out_dir, new.out_dir, ignore=shutil.ignore_patterns(".isp-recap-state.json"))
    return new


def _check_after_kill(box: Sandbox, outputs: dict[str, bytes], label: str) -> None:
    present = box.outputs()
    for name, data in present.items():
        assert data == outputs[name], f"{label}: {name} is not the complete previous output"
        assert _complete(name, data), f"{label}: {name} is truncated"
    assert set(present) == set(outputs), f"{label}: an output disappeared"
    for tmp in temp_files(box.out_dir):  # only the atomic writer's own temp files may be left
        assert re.match(r"^\.(memo\.en\.(pdf|docx|html)|\.isp-recap-state\.json)\.\d+\.\w+\.tmp$", tmp.name), tmp


def _chosen_steps(steps: list[str]) -> list[int]:
    """Kill points: creating, finishing and renaming the first temp file; renaming the last output; writing
    the state file. Every other step is one of these for another file."""
    def first(prefix: str) -> int:
        return next(i for i, step in enumerate(steps, 1) if step.startswith(prefix))

    renames = [i for i, step in enumerate(steps, 1) if step.startswith("os.rename")]
    state = next(i for i, step in enumerate(steps, 1) if ".isp-recap-state.json." in step)
    return sorted({first("open-for-write"), first("os.chmod"), renames[0], renames[-3], state})


@pytest.fixture(scope="module")
def killed(reference: Reference, tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Sandbox, int]]:
    """Rebuilds (--force) killed at the chosen steps, on every core: step -> (sandbox, exit code)."""

    def kill_at(name: str, root: Path) -> tuple[Sandbox, int]:
        copy = _copy(reference.box, root)
        result = run_cli(_args(copy), event_dir=copy.event_dir, out_dir=copy.out_dir,
                         extra_env={"HOSTILE_KILL_DIR": str(copy.out_dir.resolve()),
                                    "HOSTILE_KILL_AT": name.removeprefix("kill-step-")})
        return copy, result.returncode

    chosen = _chosen_steps(reference.steps)
    done = run_cases(tmp_path_factory, [f"kill-step-{k}" for k in chosen], kill_at)
    return {k: done[f"kill-step-{k}"] for k in chosen}


def test_killed_at_each_step_of_writing(reference: Reference, killed: dict[int, tuple[Sandbox, int]]) -> None:
    assert len(killed) == 5
    for k, (copy, code) in killed.items():
        label = f"killed before step {k} ({reference.steps[k - 1]})"
        assert code == -signal.SIGKILL, f"{label}: not killed (exit {code})"
        _check_after_kill(copy, reference.outputs, label)


@pytest.mark.parametrize("fraction", [0.25, 0.6, 0.95])
def test_killed_at_moments_spread_over_the_run(reference: Reference, tmp_path_factory: pytest.TempPathFactory,
                                               fraction: float) -> None:
    """SIGKILL after a fraction of a build's duration: while loading, rendering, or writing."""
    copy = _copy(reference.box, tmp_path_factory.mktemp(f"kill-time-{int(fraction * 100)}"))
    proc = start_cli(command(_args(copy), event_dir=copy.event_dir, out_dir=copy.out_dir))
    try:
        proc.wait(timeout=reference.duration * fraction)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    _check_after_kill(copy, reference.outputs, f"killed after {reference.duration * fraction:.2f} s")


def test_next_build_sweeps_what_a_killed_build_left(reference: Reference,
                                                    killed: dict[int, tuple[Sandbox, int]]) -> None:
    after_write = next(i for i, s in enumerate(reference.steps, 1) if s.startswith("os.chmod"))
    copy, _code = killed[after_write]  # killed with the first temp file written, not yet renamed
    left = temp_files(copy.out_dir)
    assert left, "expected the killed build's temp file"
    again = run_cli(_args(copy), event_dir=copy.event_dir, out_dir=copy.out_dir)
    assert_confined(again)
    assert again.returncode == 0, again.describe()
    assert not temp_files(copy.out_dir), temp_files(copy.out_dir)
    assert copy.outputs() == reference.outputs
    assert not any(p.exists() for p in left)
