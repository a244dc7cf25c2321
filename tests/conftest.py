"""Shared fixtures: paths to the bundled sample and test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
SEED = ROOT.parent / "shared" / "seed"


@pytest.fixture
def minimal_path() -> Path:
    """A small valid event."""
    return FIXTURES / "minimal.yaml"
