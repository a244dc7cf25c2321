"""An OS refusal of a named path is the user's error for that path, never an internal error (issue 13)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from isp_recap.diagnostics import access_diagnostic


@pytest.mark.parametrize(("number", "code"), [(errno.EACCES, "cannot-access"), (errno.EPERM, "cannot-access"),
                                              (errno.EROFS, "read-only"), (errno.ENOSPC, "disk-full"),
                                              (errno.EDQUOT, "disk-full")])
def test_refusals_name_the_path(number: int, code: str) -> None:
    found = access_diagnostic(OSError(number, os.strerror(number), "/some/out/memo.pdf"))
    assert found is not None
    assert (found.path, found.code, found.severity, found.message) == ("/some/out/memo.pdf", code, "error",
                                                                        os.strerror(number))


@pytest.mark.parametrize("exc", [OSError(errno.EACCES, "Permission denied"),  # no path: nothing to name
                                 OSError(errno.EIO, "Input/output error", "/x"),  # not a refusal: a fault
                                 ValueError("bad"), KeyError("k")])
def test_everything_else_stays_a_bug(exc: BaseException) -> None:
    assert access_diagnostic(exc) is None


def test_a_full_disk_is_exit_2_with_the_path(tmp_path: Path) -> None:
    # The top-level handler of every command: a refusal is printed as the path's error, exit 2.
    script = ("import errno, os\nfrom isp_recap.cli.output import internal_error\n"
              f"internal_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), {str(tmp_path / 'memo.pdf')!r}))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{tmp_path / 'memo.pdf'}: error[disk-full]: No space left on device"
    assert "internal" not in done.stderr
