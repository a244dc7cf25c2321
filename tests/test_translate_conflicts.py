"""Conflict-safe import: a translation file never overwrites work done in the event since its export.

An export records per unit a fingerprint of the English, the Burmese and the status as exported; an
import compares it with the event as it is now. A text changed in the event since the export is a
conflict (positioned at the unit in the imported file, naming the event's field and position), all
of them at once, nothing written, unless --overwrite. The event is compared again right before the
atomic rename, so a save made during the import is never lost.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.diagnostics import IspRecapError
from isp_recap.model.walk import iter_texts
from isp_recap.source.loader import load_event, load_event_with_positions
from isp_recap.source.roundtrip import ValueEdit, edit_values
from isp_recap.translate import importer
from isp_recap.translate.exchange_po import export_po, read_po_units
from isp_recap.translate.exchange_xliff import export_xliff, read_xliff_units
from isp_recap.translate.importer import import_file
from isp_recap.translate.units import fingerprint, units_of
from test_translate_property import _write, events, texts

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "samples" / "rare-earths-2025"
runner = CliRunner()
CONFLICT = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error\[conflict\]: (?P<message>.+)$", re.M)
NEW_TITLE = "မြန်မာ့ ရှားပါးမြေ သတ္တုများ"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    target = tmp_path / "event"
    shutil.copytree(SAMPLE_DIR, target)
    return target / "event.yaml"


def _export(event: Path, out: Path, fmt: str) -> None:
    result = runner.invoke(app, ["translate", "export", str(event), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output


def _edit_event(event: Path, edits: list[ValueEdit]) -> None:
    """What an editor does to the event after the export."""
    event.write_text(edit_values(event.read_text(encoding="utf-8"), edits), encoding="utf-8")


def _unit_line(exchange: Path, unit_id: str) -> int:
    """The line of a unit in an exchange file: `<unit id=...>` (XLIFF) or its msgid (PO, after msgctxt)."""
    lines = exchange.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if f'<unit id="{unit_id}">' in line:
            return number
        if line == f'msgctxt "{unit_id}"':
            return number + 1
    raise AssertionError(unit_id)


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_must_show_old_file_after_a_burmese_edit_is_a_positioned_conflict(sample: Path, tmp_path: Path,
                                                                          fmt: str) -> None:
    exchange = tmp_path / ("event.my.xlf" if fmt == "xliff" else "event.my.po")
    _export(sample, exchange, fmt)
    _edit_event(sample, [ValueEdit(("event", "title", "my"), NEW_TITLE)])
    before = sample.read_bytes()
    _memo, positions = load_event_with_positions(sample)
    result = runner.invoke(app, ["translate", "import", str(exchange)])
    assert result.exit_code == 1, result.output
    (conflict,) = CONFLICT.findall(result.output)
    path, line, col, message = conflict
    assert path == str(exchange) and int(line) == _unit_line(exchange, "event.title") and int(col) >= 1
    where = positions.of_value(("event", "title", "my"))
    assert f"event.title.my changed in the event since the export ({sample}:{where[0]}:{where[1]})" in message
    assert NEW_TITLE in message and "'မြန်မာ့ ရှားပါးမြေ'" in message  # both values shown
    assert "nothing written" in result.output and "Traceback" not in result.output
    assert sample.read_bytes() == before


def test_every_conflict_at_once_and_overwrite_takes_the_file(sample: Path, tmp_path: Path) -> None:
    xlf = tmp_path / "event.my.xlf"
    _export(sample, xlf, "xliff")
    _edit_event(sample, [ValueEdit(("event", "title", "my"), NEW_TITLE),
                         ValueEdit(("event", "subtitle", "my"), "ခေါင်းစဉ်ငယ်"),
                         ValueEdit(("event", "series", "status"), "approved", after=("my", "en"), plain=True)])
    text = xlf.read_text(encoding="utf-8")  # the translator reviews the series: XLIFF state reviewed
    head, rest = text.split('<unit id="event.series">', 1)
    xlf.write_text(head + '<unit id="event.series">' + rest.replace('state="translated"', 'state="reviewed"', 1),
                   encoding="utf-8")
    before = sample.read_bytes()
    dry = runner.invoke(app, ["translate", "import", str(xlf), "--dry-run"])
    assert dry.exit_code == 1 and sample.read_bytes() == before
    messages = [m[3] for m in CONFLICT.findall(dry.output)]
    assert len(messages) == 3, dry.output
    assert any(m.startswith("event.series.status changed") and "the event has approved (exported: draft), "
               "this file reviewed" in m for m in messages)
    result = runner.invoke(app, ["translate", "import", str(xlf), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert "3 conflicts taken (--overwrite)" in result.output
    memo = load_event(sample)
    assert memo.event.title.my == "မြန်မာ့ ရှားပါးမြေ" and memo.event.series.status == "reviewed"


def test_a_unit_the_event_changed_is_no_conflict_when_the_file_agrees(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po, "po")
    _edit_event(sample, [ValueEdit(("event", "title", "my"), NEW_TITLE)])
    catalog = read_po(po.open("rb"))
    for message in catalog:
        if message.context == "event.title":
            message.string = NEW_TITLE  # the translator made the same change: nothing would be lost
    with po.open("wb") as handle:
        write_po(handle, catalog, width=40)  # rewrapped narrowly: the fingerprint is read from joined comments
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output


def test_a_translator_edit_of_an_untouched_text_is_applied(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po, "po")
    _edit_event(sample, [ValueEdit(("event", "title", "my"), NEW_TITLE)])  # an unrelated newer edit
    po.write_bytes(po.read_bytes().replace('msgstr "ISP နှင့် မိနစ် ၃၀"'.encode(), 'msgstr "ISP ၃၀"'.encode()))
    result = runner.invoke(app, ["translate", "import", str(po), "--partial"])
    assert result.exit_code == 1, result.output  # the stale title is still reported
    memo = load_event(sample)
    assert memo.event.series.my == "ISP ၃၀" and memo.event.title.my == NEW_TITLE


def test_units_without_fingerprint_are_imported_with_a_warning(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po, "po")
    text = po.read_text(encoding="utf-8")
    text = re.sub(r"^#\. isp-recap-fingerprint:.*\n", "", text, flags=re.M)
    text = text.replace('msgstr "ISP နှင့် မိနစ် ၃၀"', 'msgstr "ISP ၃၀"')
    po.write_text(text, encoding="utf-8")
    assert "isp-recap-fingerprint" not in text
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 0, result.output
    assert f"{po}: warning[no-fingerprint]: 1 changed unit has no export fingerprint" in result.output
    assert load_event(sample).event.series.my == "ISP ၃၀"


def test_a_damaged_fingerprint_is_a_warning(sample: Path, tmp_path: Path) -> None:
    xlf = tmp_path / "event.my.xlf"
    _export(sample, xlf, "xliff")
    xlf.write_text(re.sub(r"(isp-recap-fingerprint: en=)[0-9a-f]{4}", r"\1zzzz", xlf.read_text(encoding="utf-8"),
                          count=1), encoding="utf-8")
    incoming = read_xliff_units(xlf.read_bytes(), str(xlf))
    assert [d.code for d in incoming.diagnostics] == ["damaged-fingerprint"]
    assert incoming.diagnostics[0].severity == "warning"
    assert sum(u.exported is None for u in incoming.units) == 1


def test_the_event_saved_during_the_import_is_refused(sample: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po, "po")
    po.write_bytes(po.read_bytes().replace('msgstr "ISP နှင့် မိနစ် ၃၀"'.encode(), 'msgstr "ISP ၃၀"'.encode()))
    real_edit = importer.edit_values
    appended = b"\n# a note an editor saved while the import ran\n"

    def edit_while_someone_saves(text: str, edits: list[ValueEdit], path: str = "<event>") -> str:
        with sample.open("ab") as handle:  # the editor's save lands after the import read the file
            handle.write(appended)
        return real_edit(text, edits, path)

    monkeypatch.setattr(importer, "edit_values", edit_while_someone_saves)
    with pytest.raises(IspRecapError) as caught:
        import_file(po)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.code) == (str(sample), "conflict")
    assert "changed while the translations were being merged" in diagnostic.message
    assert sample.read_bytes().endswith(appended)  # the save is kept, the import's result is not written
    assert load_event(sample).event.series.my == "ISP နှင့် မိနစ် ၃၀"
    assert not list(sample.parent.glob(".*.tmp"))


def test_an_import_sweeps_what_a_killed_import_left(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po, "po")
    po.write_bytes(po.read_bytes().replace('msgstr "ISP နှင့် မိနစ် ၃၀"'.encode(), 'msgstr "ISP ၃၀"'.encode()))
    dead = sample.parent / f".{sample.name}.999999999.abcd1234.tmp"  # no process has this pid
    live = sample.parent / f".{sample.name}.{os.getpid()}.efgh5678.tmp"  # a concurrent writer: left alone
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    assert import_file(po).written
    assert not dead.exists() and live.exists()


# -- properties --------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from(["po", "xliff"]), st.data())
def test_an_event_edit_after_the_export_is_never_overwritten(text: str, fmt: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        event = _write(text, Path(tmp))
        memo, positions = load_event_with_positions(event)
        units = units_of(memo, positions)
        out = Path(tmp) / ("x.po" if fmt == "po" else "x.xlf")
        out.write_bytes((export_po if fmt == "po" else export_xliff)(memo, units, event, out))
        unit = data.draw(st.sampled_from([u for u in units if u.target]) if any(u.target for u in units)
                         else st.nothing())
        newer = data.draw(texts.filter(lambda t: t != unit.target))
        loc = next(ref.loc for ref in iter_texts(memo) if ref.id == unit.id)
        _edit_event(event, [ValueEdit((*loc, "my"), newer, after=("en",))])
        before = event.read_bytes()
        report = import_file(out)
        assert not report.written and event.read_bytes() == before
        conflicts = [d for d in report.refused if d.code == "conflict"]
        assert conflicts and all(d.path == str(out) and d.line > 0 for d in conflicts)
        assert any(d.message.startswith(f"{unit.id}.my changed in the event") for d in conflicts)
        assert import_file(out, overwrite=True).written  # taken on request
        assert next(ref.text.my for ref in iter_texts(load_event(event)) if ref.id == unit.id) == unit.target


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from(["po", "xliff"]))
def test_fingerprints_survive_the_round_trip_and_an_unchanged_import_writes_nothing(text: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        event = _write(text, Path(tmp))
        before = event.read_bytes()
        memo, positions = load_event_with_positions(event)
        units = units_of(memo, positions)
        out = Path(tmp) / ("x.po" if fmt == "po" else "x.xlf")
        out.write_bytes((export_po if fmt == "po" else export_xliff)(memo, units, event, out))
        reader = read_po_units if fmt == "po" else read_xliff_units
        incoming = reader(out.read_bytes(), str(out))
        assert [u.exported for u in incoming.units] == [fingerprint(u.source, u.target, u.status) for u in units]
        report = import_file(out)
        assert not report.refused and not report.changes and not report.written and not report.warnings
        assert event.read_bytes() == before
