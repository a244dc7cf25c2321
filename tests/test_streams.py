"""A reader that goes away (`isp-recap ... | head`): the command stops quietly with exit 1.

Each run gets a pipe whose reading end is already closed, so its first write fails: no race with a
real `head`, and no timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from isp_recap.streams import EXIT_CLOSED

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
INVALID = ROOT / "tests" / "fixtures" / "invalid"


def _run(args: list[str], *, close_stderr: bool = False, code: str | None = None) -> tuple[int, str]:
    """The console script's `main` on `args` (or `code`), writing to a pipe nobody reads; (status, stderr)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    script = code or f"import sys\nsys.argv = ['isp-recap', *{args!r}]\nfrom isp_recap.entry import main\nmain()\n"
    try:
        done = subprocess.run([sys.executable, "-c", script], stdout=write_end,
                              stderr=write_end if close_stderr else subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    return done.returncode, done.stderr or ""


@pytest.mark.parametrize("args", [
    ["--help"],                                   # the fast path's print
    ["validate", *[str(SAMPLE)] * 3],             # the fast path's validate
    ["validate", "--help"],                       # Typer's help through Rich
    ["schema", "--help"],
    ["check", str(SAMPLE)],                       # a Typer command printing through Rich
    ["locales", "stats"],
], ids=lambda a: " ".join(a[:2]))
def test_a_closed_standard_output_stops_the_command_quietly(args: list[str]) -> None:
    status, stderr = _run(args)
    assert status == EXIT_CLOSED, stderr
    for noise in ("Traceback", "error[internal]", "Exception ignored", "BrokenPipeError"):
        assert noise not in stderr, stderr


def test_a_closed_standard_error_too() -> None:
    # Every mistake of an invalid event goes to standard error, which has no reader either.
    bad = sorted(INVALID.glob("*.yaml"))[0]
    status, _ = _run(["validate", str(bad)], close_stderr=True)
    assert status == EXIT_CLOSED


def test_a_broken_pipe_elsewhere_is_still_an_internal_error() -> None:
    # Standard output and error still have readers: this broken pipe is a bug, reported as one.
    code = ("import errno\nfrom isp_recap.cli.output import internal_error\n"
            "internal_error(BrokenPipeError(errno.EPIPE, 'a worker went away'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "error[internal]: BrokenPipeError" in done.stderr
