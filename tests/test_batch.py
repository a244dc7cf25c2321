"""Batch builds: several events in worker processes; one event's failure stops no other (issue 7, item 4)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from isp_recap.batch import EventOutcome, build_many
from isp_recap.build import BuildOptions

HTML_ONLY = BuildOptions(formats=("html",))
CLI = [sys.executable, "-m", "isp_recap.cli"]


def _events(tmp_path: Path, minimal_path: Path, names: list[str]) -> list[Path]:
    events = []
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        target = folder / "event.yaml"
        shutil.copy(minimal_path, target)
        if name.startswith("bad"):
            target.write_text(target.read_text(encoding="utf-8").replace("role: host", "role: hots"),
                              encoding="utf-8")
        events.append(target)
    return events


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_event_does_not_stop_the_others(tmp_path: Path, minimal_path: Path, jobs: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # outputs go to out/<event folder>/ under the current directory
    events = _events(tmp_path, minimal_path, ["good-1", "bad", "good-2", "good-3"])
    steps: list[tuple[Path, str]] = []
    done: list[EventOutcome] = []
    outcomes = build_many(events, HTML_ONLY, jobs, lambda e, s: steps.append((e, s)), done.append)

    assert [o.event for o in outcomes] == events  # in the order asked, whatever order they finished in
    assert [o.ok for o in outcomes] == [True, False, True, True]
    assert {o.event for o in done} == set(events)
    bad = outcomes[1]
    assert bad.crash is None and [d.code for d in bad.diagnostics] == ["invalid-value"]
    assert bad.diagnostics[0].line > 0  # positioned, as from `validate`
    for outcome in (outcomes[0], outcomes[2], outcomes[3]):
        assert sorted(p.name for p in outcome.outputs) == ["memo.bilingual.html", "memo.en.html", "memo.my.html"]
        assert all(p.is_file() for p in outcome.outputs)
    assert {(e.parent.name, s) for e, s in steps} >= {("good-1", "en html"), ("good-3", "bilingual html")}


def test_a_crash_in_one_worker_is_reported_and_the_others_finish(tmp_path: Path, minimal_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import isp_recap.batch as batch

    monkeypatch.chdir(tmp_path)
    events = _events(tmp_path, minimal_path, ["good-1", "crash", "good-2"])
    real = batch.build_event

    def build_event(event: Path, *args: object, **kwargs: object) -> object:
        if event.parent.name == "crash":
            raise RuntimeError("a bug")
        return real(event, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "build_event", build_event)  # workers are forked: they see it too
    outcomes = build_many(events, HTML_ONLY, 2, lambda e, s: None, lambda o: None)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].crash == "RuntimeError: a bug"


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_cli_exit_code_reflects_failures(tmp_path: Path, minimal_path: Path) -> None:
    events = _events(tmp_path, minimal_path, ["good-1", "bad", "good-2"])
    args = ["build", *map(str, events), "--format", "html", "-j", "2"]
    failed = _cli(args, tmp_path)
    assert failed.returncode == 2, failed.stderr
    assert "bad/event.yaml:" in failed.stderr and "error[invalid-value]" in failed.stderr
    for name in ("good-1", "good-2"):
        assert (tmp_path / "out" / name / "memo.en.html").is_file()
    assert not (tmp_path / "out" / "bad").exists()
    # Not a terminal: plain progress lines on stderr, one result line per event on stdout.
    assert "good-1/event.yaml: en html" in failed.stderr
    assert failed.stdout.count("wrote") == 2 and "bad/event.yaml: failed" in failed.stdout

    ok = _cli(["build", str(events[0]), str(events[2]), "--format", "html", "-j", "2"], tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("nothing (up to date)") == 2


def test_parallel_batch_opens_no_socket(tmp_path: Path) -> None:
    # Progress travels over a pipe inherited by the forked workers, never a local socket.
    events = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(Path(__file__).parent / "fixtures" / "minimal.yaml", tmp_path / name / "event.yaml")
        events.append(str(tmp_path / name / "event.yaml"))
    code = (
        "import os, sys\n"
        "sys.addaudithook(lambda e, a: os._exit(99) if e.startswith('socket.') else None)\n"
        "from isp_recap.cli import main\n"
        f"sys.argv = ['isp-recap', 'build', '--format', 'html', '--lang', 'en', '--edition', 'separate', '-j', '2', "
        f"*{events!r}]\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "a" / "memo.en.html").is_file()
    assert (tmp_path / "out" / "b" / "memo.en.html").is_file()
