"""The README's Python example runs as written (a doctest, from the repository's folder)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example_runs_as_a_doctest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(readme, {}, "README.md", str(ROOT / "README.md"), 0)
    assert len(test.examples) >= 8  # the whole example, not some other stray prompt
    assert any("render_pdf" in e.source for e in test.examples)
    runner = doctest.DocTestRunner()
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
    assert result.attempted == len(test.examples)
