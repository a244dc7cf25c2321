"""Fixtures of the hostile-input suite: a sandbox per test (event folder, output folder, canary)."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import Sandbox, png_bytes


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    """A fresh event folder with a valid chart image, an output folder and a canary outside them."""
    box = Sandbox(tmp_path)
    box.write("images/chart.png", png_bytes())
    return box

