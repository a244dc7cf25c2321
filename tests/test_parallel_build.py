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
from isp_recap.diagnostics import Diagnostic, IspRecapError
from isp_recap.render import WRITERS, Writer


@pytest.fixture
def event(tmp_path: Path, minimal_path: Path) -> Path:
    (tmp_path / "ev").mkdir()
    return Path(shutil.copy(minimal_path, tmp_path / "ev" / "event.yaml"))


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

    def spy(tasks, options, workers, progress=None, reference=None):  # type: ignore[no-untyped-def]
        seen.append(workers)
        return real(tasks, options, workers, progress, reference)

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
