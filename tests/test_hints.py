"""Hints that work: every command-line option a hint names exists, and the build's own suggestion builds.

Issue 13: `build` suggested `--lang en` to build English while the Burmese was incomplete, which still
failed (the bilingual edition needs the Burmese too: `--edition separate` was missing).
"""

from __future__ import annotations

import ast
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import typer
from typer.testing import CliRunner

from isp_recap.build import ENGLISH_ONLY
from isp_recap.cli import app

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "isp_recap"
runner = CliRunner()


def _options() -> set[str]:
    found: set[str] = {"--help"}

    def walk(command: object) -> None:
        for sub in getattr(command, "commands", {}).values():
            walk(sub)
        for param in getattr(command, "params", []):
            found.update(o for o in param.opts if o.startswith("--"))

    walk(typer.main.get_command(app))
    return found


def _hints() -> Iterator[tuple[str, int, str]]:
    """(file, line, text) of every `hint=` string literal (f-strings: their literal parts) in the package."""
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "hint":
                parts = [n.value for n in ast.walk(node.value)
                         if isinstance(n, ast.Constant) and isinstance(n.value, str)]
                yield str(path.relative_to(ROOT)), node.lineno, "".join(parts)


def test_every_option_a_hint_names_exists() -> None:
    options = _options()
    hints = list(_hints())
    assert len(hints) > 50  # the walk finds them
    named = [(f, line, opt) for f, line, text in hints for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", text)]
    assert named, "no hint names an option: the test would check nothing"
    wrong = [(f, line, opt) for f, line, opt in named if opt not in options]
    assert not wrong, f"hints name options the CLI does not have: {wrong}"


def test_the_english_only_hint_builds_the_english_edition(tmp_path: Path) -> None:
    folder = tmp_path / "ev"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "minimal.yaml", folder / "event.yaml")
    text = (folder / "event.yaml").read_text(encoding="utf-8")
    (folder / "event.yaml").write_text(re.sub(r", my: [^}]+\}", "}", text, count=1), encoding="utf-8")
    out = tmp_path / "out"
    failed = runner.invoke(app, ["build", str(folder / "event.yaml"), "-o", str(out), "--format", "html"])
    assert failed.exit_code == 2 and "error[missing-translation]" in failed.output
    assert f"build only the English edition with {ENGLISH_ONLY}" in failed.output
    done = runner.invoke(app, ["build", str(folder / "event.yaml"), "-o", str(out), "--format", "html",
                               *shlex.split(ENGLISH_ONLY)])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.glob("memo.*")) == ["memo.en.html"]
