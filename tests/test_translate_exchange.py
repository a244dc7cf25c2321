"""Exchanging an event's text with translators: PO and XLIFF 2.0 out, translations and statuses back in."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.diagnostics import IspRecapError
from isp_recap.source.loader import load_event, load_event_with_positions
from isp_recap.translate.exchange_po import export_po, read_po_units
from isp_recap.translate.exchange_xliff import export_xliff, read_xliff_units
from isp_recap.translate.importer import import_file
from isp_recap.translate.units import units_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "samples" / "rare-earths-2025"
FIXTURES = ROOT / "tests" / "fixtures"
runner = CliRunner()
NOW = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample event (and its images) that tests may change."""
    target = tmp_path / "event"
    shutil.copytree(SAMPLE_DIR, target)
    return target / "event.yaml"


def _export(event: Path, out: Path, fmt: str = "po") -> None:
    result = runner.invoke(app, ["translate", "export", str(event), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output


def _comments(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if line.lstrip().startswith("#")
            or " # " in line or line.startswith("#")]


def test_export_then_import_without_edits_is_byte_identical(sample: Path, tmp_path: Path) -> None:
    from isp_recap.model.walk import iter_texts
    from isp_recap.source.loader import load_event

    before = sample.read_bytes()
    units = sum(1 for _ in iter_texts(load_event(sample)))  # one exchange unit per bilingual text
    assert units > 90
    for fmt, name in (("po", "event.my.po"), ("xliff", "event.my.xlf")):
        out = tmp_path / "exchange" / name
        out.parent.mkdir(exist_ok=True)
        _export(sample, out, fmt)
        result = runner.invoke(app, ["translate", "import", str(out)])
        assert result.exit_code == 0, result.output
        assert f"{units} unchanged, 0 refused; nothing to write" in result.stdout
        assert sample.read_bytes() == before


def test_must_show_three_edited_targets_change_exactly_three_values(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po)
    before = sample.read_text(encoding="utf-8")
    catalog = read_po(po.open("rb"))
    edits = {"event.title": "မြန်မာ့ ရှားပါးမြေ သတ္တုများ",
             "programme.1.turn.paragraphs.0": "ပြင်ဆင်ထားသော စာပိုဒ်။",
             "qa.1.question.text": "ပြင်ဆင်ထားသော မေးခွန်း။"}
    for message in catalog:
        if message.context in edits:
            message.string = edits[message.context]  # still fuzzy: the texts stay drafts
    with po.open("wb") as handle:  # as Poedit would: the whole file rewritten
        write_po(handle, catalog, width=76)
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 0, result.output
    assert "3 texts change (3 translations, 0 statuses)" in result.stdout
    after = sample.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 3
    assert all(a.split("my:")[0] == b.split("my:")[0] for a, b in changed)  # same key, same indentation
    assert _comments(after) == _comments(before) and _comments(before)
    memo = load_event(sample)
    assert memo.event.title.my == edits["event.title"]
    assert memo.qa[1].question is not None and memo.qa[1].question.text.my == edits["qa.1.question.text"]


def test_unfuzzied_po_entry_becomes_reviewed(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po)
    catalog = read_po(po.open("rb"))
    for message in catalog:
        if message.context == "event.title":
            message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 0, result.output
    text = sample.read_text(encoding="utf-8")
    assert 'my: "မြန်မာ့ ရှားပါးမြေ"\n    status: reviewed\n' in text
    assert load_event(sample).event.title.status == "reviewed"


def test_xliff_states_map_to_statuses(sample: Path, tmp_path: Path) -> None:
    xlf = tmp_path / "event.my.xlf"
    _export(sample, xlf, "xliff")
    text = xlf.read_text(encoding="utf-8")
    first, rest = text.split('<segment state="translated">', 1)
    second, rest = rest.split('<segment state="translated">', 1)
    xlf.write_text(first + '<segment state="final">' + second + '<segment state="reviewed">' + rest,
                   encoding="utf-8")
    result = runner.invoke(app, ["translate", "import", str(xlf)])
    assert result.exit_code == 0, result.output
    memo = load_event(sample)
    assert memo.organisation.name.status == "approved"
    assert memo.organisation.short_name is not None and memo.organisation.short_name.status == "reviewed"


def test_stale_and_unknown_units_are_refused_and_nothing_written(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgctxt "event.title"\nmsgid "Myanmar\'s Rare Earths"',
                        'msgctxt "event.title"\nmsgid "Myanmar\'s Rare Earth"', 1)
    text = text.replace('msgctxt "event.subtitle"', 'msgctxt "event.subtitel"', 1)
    text = text.replace('msgstr "ISP နှင့် မိနစ် ၃၀"', 'msgstr "ISP နှင့် မိနစ် သုံးဆယ်"', 1)
    po.write_text(text, encoding="utf-8")
    before = sample.read_bytes()
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 1
    assert "error[stale-unit]" in result.output and "error[unknown-unit]" in result.output
    assert "nothing written" in result.output
    assert sample.read_bytes() == before
    result = runner.invoke(app, ["translate", "import", str(po), "--partial"])
    assert result.exit_code == 1  # still reported
    assert load_event(sample).event.series.my == "ISP နှင့် မိနစ် သုံးဆယ်"


def test_import_into_explicit_event_and_dry_run(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "elsewhere" / "x.po"
    po.parent.mkdir()
    _export(sample, po)
    moved = tmp_path / "moved.po"
    moved.write_bytes(po.read_bytes().replace("msgstr \"ISP နှင့် မိနစ် ၃၀\"".encode(), "msgstr \"ISP ၃၀\"".encode()))
    before = sample.read_bytes()
    result = runner.invoke(app, ["translate", "import", str(moved), "--into", str(sample), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "event.series: Burmese" in result.stdout and sample.read_bytes() == before
    result = runner.invoke(app, ["translate", "import", str(moved), "--into", str(sample)])
    assert result.exit_code == 0 and load_event(sample).event.series.my == "ISP ၃၀"


def test_exported_po_passes_msgfmt_check(sample: Path, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    for event in (sample, FIXTURES / "translate" / "must-show.yaml", FIXTURES / "minimal.yaml"):
        po = tmp_path / f"{event.stem}.po"
        _export(event, po)
        run = subprocess.run([msgfmt, "--check", "--check-accelerators=_", "-o", str(tmp_path / "x.mo"), str(po)],
                             capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        assert "warning" not in run.stderr, run.stderr


def test_exported_xliff_validates_against_core_structure(sample: Path, tmp_path: Path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "translate" / "xliff-2.0-core-subset.xsd")))
    for event in (sample, FIXTURES / "translate" / "must-show.yaml"):
        xlf = tmp_path / f"{event.stem}.xlf"
        _export(event, xlf, "xliff")
        doc = etree.parse(str(xlf))
        assert schema.validate(doc), schema.error_log


def test_po_units_carry_id_status_and_context() -> None:
    path = FIXTURES / "translate" / "must-show.yaml"
    memo, positions = load_event_with_positions(path)
    data = export_po(memo, units_of(memo, positions), path, None, now=NOW)
    text = data.decode()
    assert '#. Speaker: Nan Lwin (nan-lwin)\n#. Status: reviewed\n#. isp-recap-fingerprint: en=' in text
    assert re.search(r'^#\. isp-recap-fingerprint: en=[0-9a-f]{16} my=[0-9a-f]{16} reviewed\n#: ', text, re.M)
    assert 'msgctxt "programme.0.turn.paragraphs.2"\nmsgid "Kachin State holds the deposits."\nmsgstr ""' in text
    assert "python-format" not in text
    incoming = read_po_units(data, "x.po")
    assert not incoming.diagnostics and len(incoming.units) == len(units_of(memo))
    assert incoming.event is not None and incoming.event.endswith("must-show.yaml")


def test_malformed_po_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "event.title"\nmsgid "x"\nmsgstr "y\n', encoding="utf-8")
    with pytest.raises(IspRecapError) as exc:
        import_file(bad, FIXTURES / "minimal.yaml")
    [d] = exc.value.diagnostics
    assert d.code == "invalid-po" and d.line == 6


def test_duplicate_units_are_refused() -> None:
    raw = (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
           b'msgctxt "event.title"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "event.title"\nmsgid "x"\nmsgstr "z"\n')
    incoming = read_po_units(raw, "dup.po")
    assert [(d.code, d.line) for d in incoming.diagnostics] == [("duplicate-unit", 8)]


@pytest.mark.parametrize(("xml", "code"), [
    ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
     '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="my"/>', "unsafe-xml"),
    ('<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file:///etc/passwd">\n<x>&xxe;</x>', "unsafe-xml"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "invalid-xliff"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="th"/>',
     "wrong-language"),
    ("<xliff><unclosed></xliff>", "invalid-xml"),
])
def test_unsafe_or_wrong_xliff_is_refused(xml: str, code: str) -> None:
    incoming = read_xliff_units(xml.encode(), "t.xlf")
    assert [d.code for d in incoming.diagnostics] == [code]
    assert not incoming.units


def test_xliff_inline_codes_and_segments() -> None:
    xml = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="my">
 <file id="f" original="event.yaml">
  <group id="g">
   <unit id="event.title"><segment state="reviewed"><source>Rare </source><target>ရှား</target></segment>
    <ignorable><source> </source></ignorable>
    <segment state="translated"><source>Earths</source><target>ပါး<cp hex="200B"/>မြေ</target></segment></unit>
  </group>
  <unit id="event.series"><segment><source>x</source><target>a <ph id="1"/> b</target></segment></unit>
 </file>
</xliff>"""
    incoming = read_xliff_units(xml.encode(), "t.xlf")
    [unit] = incoming.units
    assert (unit.source, unit.target, unit.status) == ("Rare  Earths", "ရှား ပါး\u200bမြေ", "draft")
    assert [d.code for d in incoming.diagnostics] == ["inline-code"]
    assert incoming.event == "event.yaml"


def test_xliff_round_trip_of_units() -> None:
    path = FIXTURES / "translate" / "must-show.yaml"
    memo, positions = load_event_with_positions(path)
    units = units_of(memo, positions)
    incoming = read_xliff_units(export_xliff(memo, units, path, None), "x.xlf")
    assert not incoming.diagnostics
    assert [(u.id, u.source, u.target) for u in incoming.units] == [(u.id, u.source, u.target) for u in units]


def test_export_todo_only(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "todo.po"
    result = runner.invoke(app, ["translate", "export", str(FIXTURES / "translate" / "must-show.yaml"),
                                 "--only", "todo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 units (1 untranslated, 0 draft)" in result.stdout


def test_event_found_from_header_when_references_are_dropped(sample: Path, tmp_path: Path) -> None:
    po = tmp_path / "event.my.po"
    _export(sample, po)
    text = "\n".join(line for line in po.read_text(encoding="utf-8").splitlines() if not line.startswith("#:"))
    po.write_text(text.replace('msgstr "ISP နှင့် မိနစ် ၃၀"', 'msgstr "ISP ၃၀"', 1) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 0, result.output
    assert load_event(sample).event.series.my == "ISP ၃၀"


def test_absolute_event_reference_needs_into(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                   b'"X-Isp-Recap-Event: /etc/passwd\\n"\n\nmsgctxt "event.title"\nmsgid "x"\nmsgstr "y"\n')
    result = runner.invoke(app, ["translate", "import", str(po)])
    assert result.exit_code == 2 and "absolute path" in result.output
