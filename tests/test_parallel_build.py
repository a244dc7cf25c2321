"""One event's outputs rendered in worker processes (parallel.py): same bytes as serial, errors whole."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from isp_recap import parallel
from isp_recap.batch import build_many
from isp_recap.build import BuildOptions, build_event
from isp_recap.charts import draw as chart_drawing
from isp_recap.diagnostics import Diagnostic, IspRecapError
from isp_recap.render import WRITERS, Writer


@pytest.fixture
def event(tmp_path: Path, minimal_path: Path) -> Path:
    (tmp_path / "ev").mkdir()
    return Path(shutil.copy(minimal_path, tmp_path / "ev" / "event.yaml"))


@pytest.fixture
def charted(event: Path) -> Path:
    """The small event with a data card that has a chart (one per language: four in all editions)."""
    from test_card_figures import CARD_EXTRA

    anchor = "ရောက်ရှိခဲ့သည်။\n"
    text = event.read_text(encoding="utf-8")
    assert anchor in text
    event.write_text(text.replace(anchor, anchor + CARD_EXTRA, 1), encoding="utf-8")
    return event


def _logging_drawer(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every chart drawing appends "<pid> <format>" to `log` (forked workers inherit the patch)."""
    real = chart_drawing._drawn

    def drawn(spec, width_mm, height_mm, colours, fmt):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {fmt}\n")
        return real(spec, width_mm, height_mm, colours, fmt)

    monkeypatch.setattr(chart_drawing, "_drawn", drawn)


def test_the_chart_worker_draws_every_chart_once_and_the_parent_none(charted: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "drawn.log"
    _logging_drawer(log, monkeypatch)
    build_event(charted, tmp_path / "serial", BuildOptions(workers=1))
    serial = sorted(line.split()[1] for line in log.read_text().splitlines())
    assert serial == ["png"] * 4 + ["svg"] * 4  # en, my and the bilingual's two, once per format
    log.unlink()
    result = build_event(charted, tmp_path / "parallel", BuildOptions(workers=2))
    drawings = [line.split() for line in log.read_text().splitlines()]
    # One process drew them all, not the parent: the render workers got the SVGs and PNGs with their
    # tasks, drawn by the chart worker.
    assert len({pid for pid, _ in drawings}) == 1 and str(os.getpid()) not in {pid for pid, _ in drawings}
    assert sorted(fmt for _, fmt in drawings) == serial
    for path in result.outputs:
        assert path.read_bytes() == (tmp_path / "serial" / path.name).read_bytes(), path.name


def test_the_chart_worker_starts_before_the_documents_and_ends_with_the_build(
        charted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It imports Matplotlib while the parent checks the event and builds the Documents.
    from isp_recap.document import builder

    steps: list[str] = []
    started: list[parallel.ChartWorker] = []
    real_init, real_build = parallel.ChartWorker.__init__, builder.build_document

    def init(self: parallel.ChartWorker) -> None:
        steps.append("chart worker")
        started.append(self)
        real_init(self)

    def build(*args, **kwargs):  # type: ignore[no-untyped-def]
        steps.append("document")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(parallel.ChartWorker, "__init__", init)
    monkeypatch.setattr(builder, "build_document", build)
    build_event(charted, tmp_path / "out", BuildOptions(workers=2))
    assert steps == ["chart worker", "document", "document", "document"]
    (pid,) = [w.pid for w in started]
    assert pid is None  # ended and waited for


def test_a_build_that_fails_its_checks_ends_the_early_chart_worker(
        charted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_init = parallel.ChartWorker.__init__

    def init(self: parallel.ChartWorker) -> None:
        real_init(self)
        assert self.pid is not None
        started.append(self.pid)

    monkeypatch.setattr(parallel.ChartWorker, "__init__", init)
    assert "translation_status: draft" in charted.read_text(encoding="utf-8")  # refused in a release
    with pytest.raises(IspRecapError) as caught:
        build_event(charted, tmp_path / "out", BuildOptions(workers=2, release=True))
    assert "draft-in-release" in {d.code for d in caught.value.diagnostics}
    assert len(started) == 1
    with pytest.raises(ChildProcessError):  # reaped: no child left, running or a zombie
        os.waitpid(started[0], os.WNOHANG)
    assert not (tmp_path / "out").exists()


def test_no_chart_worker_without_charts_or_with_one_job(charted: Path, minimal_path: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[bool] = []
    real_init = parallel.ChartWorker.__init__

    def init(self: parallel.ChartWorker) -> None:
        started.append(True)
        real_init(self)

    monkeypatch.setattr(parallel.ChartWorker, "__init__", init)
    (tmp_path / "plain").mkdir()
    plain = Path(shutil.copy(minimal_path, tmp_path / "plain" / "event.yaml"))
    assert "chart:" not in plain.read_text(encoding="utf-8")
    build_event(plain, tmp_path / "plain" / "out", BuildOptions(workers=2))
    build_event(charted, tmp_path / "serial", BuildOptions(workers=1))
    assert started == []
    build_event(charted, tmp_path / "parallel", BuildOptions(workers=2))
    assert started == [True]  # the check can fail


def test_a_parallel_docx_build_draws_only_the_pngs_in_the_chart_worker(
        charted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "drawn.log"
    _logging_drawer(log, monkeypatch)
    options = BuildOptions(formats=("docx",), workers=2)
    result = build_event(charted, tmp_path / "parallel", options)
    drawings = [line.split() for line in log.read_text().splitlines()]
    assert sorted(fmt for _, fmt in drawings) == ["png"] * 4
    assert len({pid for pid, _ in drawings}) == 1 and str(os.getpid()) not in {pid for pid, _ in drawings}
    build_event(charted, tmp_path / "serial", replace(options, workers=1))
    for path in result.outputs:
        assert path.read_bytes() == (tmp_path / "serial" / path.name).read_bytes(), path.name


def test_a_chart_that_fails_to_draw_in_the_chart_worker_is_an_internal_error(
        charted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spec, width_mm, height_mm, colours, fmt):  # type: ignore[no-untyped-def]
        raise ValueError("no canvas for this chart")

    monkeypatch.setattr(chart_drawing, "_drawn", broken)
    outcome = build_many([charted], BuildOptions(), 2, lambda e, s: None, lambda o: None, tmp_path / "out")[0]
    assert not outcome.ok and outcome.crash is not None and "no canvas for this chart" in outcome.crash
    assert not (tmp_path / "out").exists()


def test_parallel_and_serial_builds_write_the_same_bytes(event: Path, tmp_path: Path) -> None:
    serial = build_event(event, tmp_path / "serial", BuildOptions(workers=1))
    side_by_side = build_event(event, tmp_path / "parallel", BuildOptions(workers=2))
    names = sorted(p.name for p in serial.outputs)
    assert len(names) == 9 and names == sorted(p.name for p in side_by_side.outputs)
    for name in names:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes(), name
    # and the results list the outputs in the same (build) order
    assert [p.name for p in serial.outputs] == [p.name for p in side_by_side.outputs]


class Stamping(Writer):
    """The HTML writer, with the id of the process it ran in appended."""

    def write(self, doc, options):  # type: ignore[no-untyped-def]
        return Writer("html", "isp_recap.render.html").write(doc, options) + f"<!-- pid {os.getpid()} -->".encode()


def test_the_outputs_really_render_in_other_processes(event: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(WRITERS, "html", Stamping("html", "unused"))
    result = build_event(event, tmp_path / "out", BuildOptions(formats=("html",), workers=2))
    pids = [int(path.read_bytes().rsplit(b"pid ", 1)[1].split()[0]) for path in result.outputs]
    assert len(pids) == 3 and os.getpid() not in pids
    serial = build_event(event, tmp_path / "serial", BuildOptions(formats=("html",), workers=1))
    assert {int(p.read_bytes().rsplit(b"pid ", 1)[1].split()[0]) for p in serial.outputs} == {os.getpid()}


def test_one_event_built_by_build_many_uses_the_jobs_for_its_outputs(event: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = parallel.render_outputs

    def spy(tasks, options, workers, *rest):  # type: ignore[no-untyped-def]
        seen.append(workers)
        return real(tasks, options, workers, *rest)

    monkeypatch.setattr(parallel, "render_outputs", spy)
    outcomes = build_many([event], BuildOptions(formats=("html",)), 2, lambda e, s: None, lambda o: None,
                          tmp_path / "out")
    assert outcomes[0].ok and seen == [2]
    build_many([event], BuildOptions(formats=("html",), force=True), 1, lambda e, s: None, lambda o: None,
               tmp_path / "out")
    assert seen == [2, 1]  # -j 1: serial


def test_a_writer_error_in_a_worker_comes_back_whole_and_nothing_is_written(
        event: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing(Writer):
        def write(self, doc, options):  # type: ignore[no-untyped-def]
            raise IspRecapError([Diagnostic("images/x.png", 0, 0, "bad-image", f"refused in {doc.edition}")])

    monkeypatch.setitem(WRITERS, "docx", Failing("docx", "unused"))
    with pytest.raises(IspRecapError) as caught:
        build_event(event, tmp_path / "out", replace(BuildOptions(), workers=2))
    assert sorted(d.message for d in caught.value.diagnostics) == [
        "refused in bilingual", "refused in en", "refused in my"]
    assert not (tmp_path / "out").exists()


class Dying(Writer):
    """A writer whose process ends abruptly (as the OOM killer would end it)."""

    def write(self, doc, options):  # type: ignore[no-untyped-def]
        os._exit(9)


def test_a_worker_that_dies_is_an_internal_error_and_nothing_is_written(
        event: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(WRITERS, "docx", Dying("docx", "unused"))
    outcome = build_many([event], BuildOptions(), 2, lambda e, s: None, lambda o: None, tmp_path / "out")[0]
    assert not outcome.ok and outcome.crash is not None and "worker process ended" in outcome.crash
    assert not (tmp_path / "out").exists()


def test_workers_style_the_docx_with_the_reference_read_by_the_parent(event: Path, tmp_path: Path) -> None:
    # The reference .docx is read and cleaned once, before forking; the workers get its parts.
    import docx

    reference = tmp_path / "ev" / "plain.docx"
    docx.Document().save(str(reference))  # python-docx's own template: styles unlike the shipped ones
    options = BuildOptions(formats=("docx",), bilingual=False, reference_docx=reference)  # two outputs, two workers
    serial = build_event(event, tmp_path / "serial", replace(options, workers=1))
    build_event(event, tmp_path / "parallel", replace(options, workers=2))
    build_event(event, tmp_path / "shipped", replace(options, reference_docx=None))
    names = [p.name for p in serial.outputs]
    assert len(names) == 2
    for name in names:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes(), name
        assert (tmp_path / "serial" / name).read_bytes() != (tmp_path / "shipped" / name).read_bytes(), name
