"""Incremental builds: an output whose inputs have not changed is not rebuilt (issue 7, item 5)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from isp_recap import fingerprint
from isp_recap.build import BuildOptions, build_event
from isp_recap.fingerprint import STATE_FILE

HTML_ONLY = BuildOptions(formats=("html",))  # cheap: the decision to rebuild is the same for every format


@pytest.fixture
def event(tmp_path: Path, minimal_path: Path) -> Path:
    folder = tmp_path / "event"
    folder.mkdir()
    target = folder / "event.yaml"
    shutil.copy(minimal_path, target)
    return target


def _names(paths: list[Path]) -> list[str]:
    return sorted(p.name for p in paths)


def test_second_build_writes_nothing(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_event(event, out, HTML_ONLY)
    assert _names(first.outputs) == ["memo.bilingual.html", "memo.en.html", "memo.my.html"]
    state = (out / STATE_FILE).read_bytes()
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    second = build_event(event, out, HTML_ONLY)

    assert second.outputs == []
    assert _names(second.unchanged) == _names(first.outputs)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps  # not even rewritten
    assert (out / STATE_FILE).read_bytes() == state


def test_touching_the_event_without_changing_it_rebuilds_nothing(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_event(event, out, HTML_ONLY)
    later = event.stat().st_mtime + 60
    os.utime(event, (later, later))  # a content hash, not a timestamp, decides
    assert build_event(event, out, HTML_ONLY).outputs == []


def test_editing_the_event_rebuilds(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_event(event, out, HTML_ONLY)
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("Greetings to all Gabyin members.", "Greetings to all members."),
                     encoding="utf-8")
    again = build_event(event, out, HTML_ONLY)
    assert _names(again.outputs) == ["memo.bilingual.html", "memo.en.html", "memo.my.html"]
    assert "Greetings to all members." in (out / "memo.en.html").read_text(encoding="utf-8")


def test_a_changed_template_rebuilds(event: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The package fingerprint covers the package's files (templates, stylesheets, fonts, code): edit a
    # stylesheet in a copy of the package and the same event's outputs are out of date.
    package = tmp_path / "package"
    shutil.copytree(fingerprint.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    fingerprint.package_fingerprint.cache_clear()
    try:
        out = tmp_path / "out"
        build_event(event, out, HTML_ONLY)
        assert build_event(event, out, HTML_ONLY).outputs == []
        css = package / "render" / "templates" / "memo.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
        fingerprint.package_fingerprint.cache_clear()
        assert len(build_event(event, out, HTML_ONLY).outputs) == 3
    finally:
        fingerprint.package_fingerprint.cache_clear()


def test_force_rebuilds_everything(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_event(event, out, HTML_ONLY)
    forced = build_event(event, out, BuildOptions(formats=("html",), force=True))
    assert _names(forced.outputs) == ["memo.bilingual.html", "memo.en.html", "memo.my.html"]
    assert forced.unchanged == []


def test_a_deleted_output_is_rebuilt_alone(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_event(event, out, HTML_ONLY)
    (out / "memo.my.html").unlink()
    again = build_event(event, out, HTML_ONLY)
    assert _names(again.outputs) == ["memo.my.html"]
    assert _names(again.unchanged) == ["memo.bilingual.html", "memo.en.html"]


def test_other_options_are_other_outputs(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_event(event, out, BuildOptions(formats=("html",), languages=("en",), bilingual=False))
    both = build_event(event, out, HTML_ONLY)
    assert _names(both.outputs) == ["memo.bilingual.html", "memo.my.html"]
    assert _names(both.unchanged) == ["memo.en.html"]


def test_an_up_to_date_build_skips_the_preflight(event: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The checks passed on these very inputs when the outputs were written; a no-change rebuild
    # must stay cheap (issue 7: under 0.4 s for the sample), so it does not run them again.
    import isp_recap.build as build_module

    out = tmp_path / "out"
    build_event(event, out, HTML_ONLY)

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("preflight ran for outputs that are up to date")

    monkeypatch.setattr(build_module, "preflight", fail)
    assert build_event(event, out, HTML_ONLY).outputs == []
    with pytest.raises(AssertionError):
        build_event(event, out, BuildOptions(formats=("html",), force=True))


def test_rendering_collects_garbage_less_often_and_restores_the_collector() -> None:
    import gc

    from isp_recap.build import GC_THRESHOLD_WHILE_RENDERING, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == GC_THRESHOLD_WHILE_RENDERING
        assert gc.isenabled()
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a failed render")
    assert gc.get_threshold() == before
