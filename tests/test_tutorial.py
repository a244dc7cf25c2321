"""docs/tutorial.md runs as written: its commands, files and Python, in order, in an empty folder.

Every fenced block of the tutorial is one of:
- ```console: `$ command` lines run by the shell (the venv's bin first on PATH); the lines after
  each are its output (stdout and stderr together, build progress lines left out), compared
  exactly. A command must exit 0 unless it prints its own exit code.
- ```{code-block} yaml with `:caption: PATH`: a file the reader writes, written to PATH.
- ```pycon: a doctest, run with the globals of the blocks before it.
- ```sh: the install step, the one block not run here (tests/test_wheel.py installs the wheel).
Any other kind of block fails the test, so nothing in the tutorial goes unchecked by accident.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
#: `isp-recap build` prints one of these per output on stderr, in whatever order the workers finish.
PROGRESS = re.compile(r"^\S+: (en|my|bilingual) (pdf|docx|html)$")


def blocks(text: str) -> list[tuple[str, str, int]]:
    """(kind, content, line) of each fenced block, in order."""
    return [(t.info.strip(), t.content, (t.map or [0])[0] + 1)
            for t in MarkdownIt("commonmark").parse(text) if t.type == "fence"]


def caption_file(content: str) -> tuple[str, str]:
    """The `:caption:` of a MyST code-block and the body after its options."""
    lines = content.splitlines(keepends=True)
    options = {}
    while lines and lines[0].startswith(":"):
        key, _, value = lines.pop(0)[1:].partition(":")
        options[key.strip()] = value.strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    assert "caption" in options, "a yaml block of the tutorial must name its file in :caption:"
    return options["caption"], "".join(lines)


def console(content: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in content.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"console output before any command: {line!r}"
            steps[-1][1].append(line)
    return steps


def run_command(command: str, cwd: Path) -> list[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("ISP_RECAP_TRACEBACK", None)
    proc = subprocess.run(command, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)  # a hang guard, not a timing check
    if "$?" not in command:
        assert proc.returncode == 0, f"{command!r} exited {proc.returncode}:\n{proc.stdout}"
    return [line for line in proc.stdout.splitlines() if not PROGRESS.match(line)]


def test_tutorial_blocks_are_all_of_a_known_kind() -> None:
    kinds = [kind.split()[0] if not kind.startswith("{") else " ".join(kind.split()[:2])
             for kind, _, _ in blocks(TUTORIAL.read_text(encoding="utf-8"))]
    assert set(kinds) <= {"console", "pycon", "sh", "{code-block} yaml"}, kinds
    assert kinds.count("sh") == 1  # the install step, and only it
    assert kinds.count("pycon") >= 4 and kinds.count("console") >= 4


def test_tutorial_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    globs: dict[str, object] = {"__name__": "tutorial"}
    parser = doctest.DocTestParser()
    ran = {"console": 0, "pycon": 0, "file": 0}
    for kind, content, line in blocks(TUTORIAL.read_text(encoding="utf-8")):
        where = f"docs/tutorial.md:{line}"
        if kind == "sh":
            assert "pip install isp-recap" in content
        elif kind.startswith("{code-block}"):
            name, body = caption_file(content)
            target = tmp_path / name
            assert target.resolve().is_relative_to(tmp_path.resolve()), where
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
            ran["file"] += 1
        elif kind == "console":
            for command, expected in console(content):
                assert run_command(command, tmp_path) == expected, f"{where}: {command}"
            ran["console"] += 1
        elif kind == "pycon":
            test = parser.get_doctest(content, globs, where, str(TUTORIAL), line)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            report: list[str] = []
            runner.run(test, out=report.append, clear_globs=False)
            assert runner.failures == 0, "".join(report)
            assert runner.tries > 0, where
            globs.update(test.globs)  # the DocTest ran on its own copy
            ran["pycon"] += 1
        else:
            pytest.fail(f"{where}: a block of kind {kind!r} the test cannot run")
    assert ran["file"] == 1 and ran["pycon"] >= 4 and ran["console"] >= 4, ran
    # What the tutorial said it built is there and is what it says.
    assert (tmp_path / "memo.bilingual.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in (tmp_path / "out" / "hello").glob("memo.*")) == sorted(
        f"memo.{e}.{f}" for e in ("en", "my", "bilingual") for f in ("pdf", "docx", "html"))
