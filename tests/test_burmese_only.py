"""Texts that exist only in Burmese (issue 18 item 5): `my` without `en`, the English translation pending.

The model accepts them, a Burmese build prints them, English and bilingual builds refuse them with a
positioned `missing-translation`, `check` reports them, the exchange files carry them from Burmese
into English and back, and a Burmese-only transcript imports into `my:` with `status: draft`.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from pydantic import ValidationError
from typer.testing import CliRunner

from isp_recap.build import BuildOptions, preflight
from isp_recap.cli import app
from isp_recap.diagnostics import IspRecapError
from isp_recap.document.builder import build_document
from isp_recap.model import Text
from isp_recap.source.loader import load_event, load_event_with_positions
from isp_recap.translate.checks import run_checks

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "samples" / "rare-earths-2025"
TRANSCRIPTS = ROOT / "tests" / "fixtures" / "transcripts"
runner = CliRunner()
THANKS_EN = "Thank you for the insightful discussion, our panelists."
THANKS_MY = "အသိအမြင်များစွာ ရစေတဲ့ ဆွေးနွေးမှုအတွက် ဆွေးနွေးသူတွေကို ကျေးဇူးတင်ပါတယ်။"
TEXT_ID = "qa.0.turn.paragraphs.0"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample event with one paragraph (the first of the Q&A) in Burmese only."""
    target = tmp_path / "event"
    shutil.copytree(SAMPLE_DIR, target)
    path = target / "event.yaml"
    text = path.read_text(encoding="utf-8")
    old = f'        - en: "{THANKS_EN}"\n          my: "{THANKS_MY}"\n'
    assert text.count(old) == 1
    path.write_text(text.replace(old, f'        - my: "{THANKS_MY}"\n          status: draft\n'), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_the_model_takes_either_language_but_not_neither() -> None:
    assert Text(my="မေးခွန်း").source_language == "my"
    assert Text(my="မေးခွန်း").source == "မေးခွန်း" and Text(my="မေးခွန်း").pick("en") == "မေးခွန်း"
    assert Text(en="A question").source_language == "en"
    for bad in ({}, {"my": ""}, {"my": "  "}, {"status": "draft"}, {"en": ""}):
        with pytest.raises(ValidationError):
            Text.model_validate(bad)


def test_a_text_with_neither_language_is_positioned(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_text("format: 1\norganisation:\n  name: {en: ISP}\nevent:\n  series: {en: S}\n"
                    "  title: {status: draft}\n  date: 2025-04-26\npeople:\n"
                    "  - {id: a, name: {my: အေး}, role: host}\n", encoding="utf-8")
    with pytest.raises(IspRecapError) as caught:
        load_event(path)
    [d] = caught.value.diagnostics
    assert (d.code, d.line, d.col) == ("missing-field", 6, 3)
    assert "event.title needs en (English) or my (Burmese)" in d.message


def test_english_and_bilingual_builds_refuse_a_burmese_only_text_at_its_position(sample: Path) -> None:
    memo, positions = load_event_with_positions(sample)
    line = _line_of(sample, THANKS_MY)
    for languages, bilingual in ((("en",), False), ((), True), (("en", "my"), True)):
        found = preflight(memo, positions, str(sample), BuildOptions(languages=languages, bilingual=bilingual))
        missing = [d for d in found if d.code == "missing-translation"]
        assert [(d.line, d.col) for d in missing] == [(line, 11)], found
        assert missing[0].message == f"{TEXT_ID} has no English translation (en:); it is in Burmese only"
    assert preflight(memo, positions, str(sample), BuildOptions(languages=("my",), bilingual=False)) == []
    with pytest.raises(IspRecapError) as caught:
        build_document(memo, "en")
    assert [d.code for d in caught.value.diagnostics] == ["missing-translation"]
    with pytest.raises(IspRecapError):
        build_document(memo, "bilingual")


def test_the_burmese_edition_prints_the_burmese_only_text(sample: Path) -> None:
    memo = load_event(sample)
    doc = build_document(memo, "my", base_dir=sample.parent)
    assert "ကျေးဇူးတင်ပါတယ်" in repr(doc) and THANKS_EN not in repr(doc)


def test_cli_build_in_english_exits_2_and_writes_nothing(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(sample), "--lang", "en", "--edition", "separate", "--format", "html",
                                 "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{sample}:{_line_of(sample, THANKS_MY)}:11: error[missing-translation]" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_check_reports_the_missing_english_and_no_comparison_of_it(sample: Path) -> None:
    memo, positions = load_event_with_positions(sample)
    found = [d for d in run_checks(memo, positions, str(sample))
             if d.line == _line_of(sample, THANKS_MY) or d.line == _line_of(sample, THANKS_MY) + 1]
    assert [d.code for d in found] == ["missing-translation"], found
    assert "no English translation (en:)" in found[0].message and found[0].severity == "error"


def test_validate_counts_burmese_only_texts(sample: Path) -> None:
    result = runner.invoke(app, ["validate", str(sample)])
    assert result.exit_code == 0, result.output
    assert "in Burmese   1 texts only, their English translation pending" in result.stdout


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_exchange_carries_burmese_only_texts_into_english_and_back(sample: Path, tmp_path: Path, fmt: str) -> None:
    to_my = tmp_path / f"event.my.{fmt}"
    result = runner.invoke(app, ["translate", "export", str(sample), "-f", fmt, "-o", str(to_my)])
    assert result.exit_code == 0, result.output
    assert "1 texts exist only in Burmese and are not in this file: export them with --to en" in result.stdout
    assert TEXT_ID not in to_my.read_text(encoding="utf-8")
    to_en = tmp_path / f"event.en.{fmt}"
    result = runner.invoke(app, ["translate", "export", str(sample), "-f", fmt, "--to", "en", "-o", str(to_en)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "1 units (1 untranslated, 0 draft)" in result.stdout
    exported = to_en.read_text(encoding="utf-8")
    assert THANKS_MY in exported and "English translation of the recap memo" in exported
    if fmt == "po":
        assert '"Language: en\\n"' in exported
        catalog = read_po(to_en.open("rb"))
        [message] = [m for m in catalog if m.id]
        assert (message.context, message.id) == (TEXT_ID, THANKS_MY)
        message.string = THANKS_EN
        message.flags.add("fuzzy")  # a draft translation: the status stays draft
        with to_en.open("wb") as handle:
            write_po(handle, catalog, width=76)
    else:
        assert 'srcLang="my" trgLang="en"' in exported
        to_en.write_text(exported.replace('<segment state="initial">', '<segment state="translated">').replace(
            "</source>", f'</source>\n        <target xml:space="preserve">{THANKS_EN}</target>'), encoding="utf-8")
    before = sample.read_text(encoding="utf-8")
    result = runner.invoke(app, ["translate", "import", str(to_en)])
    assert result.exit_code == 0, result.output
    assert f"{TEXT_ID}: English" in result.stdout and "1 texts change (1 translations" in result.stdout
    after = sample.read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert diff == [f'+           en: "{THANKS_EN}"']  # one line added, nothing else touched
    memo = load_event(sample)
    qa = memo.qa[0].turn
    assert qa is not None and qa.paragraphs[0].en == THANKS_EN and qa.paragraphs[0].my == THANKS_MY
    memo, positions = load_event_with_positions(sample)
    assert preflight(memo, positions, str(sample), BuildOptions(languages=("en",), bilingual=False)) == []


def test_a_stale_burmese_source_is_refused(sample: Path, tmp_path: Path) -> None:
    to_en = tmp_path / "event.en.po"
    assert runner.invoke(app, ["translate", "export", str(sample), "--to", "en", "-o", str(to_en)]).exit_code == 0
    catalog = read_po(to_en.open("rb"))
    for message in catalog:
        if message.id:
            message.string = THANKS_EN
    with to_en.open("wb") as handle:
        write_po(handle, catalog)
    sample.write_text(sample.read_text(encoding="utf-8").replace(THANKS_MY, "ကျေးဇူးပါ။"), encoding="utf-8")
    before = sample.read_bytes()
    result = runner.invoke(app, ["translate", "import", str(to_en)])
    assert result.exit_code == 1, result.output
    assert "error[stale-unit]" in result.stderr and "the Burmese of" in result.stderr
    assert sample.read_bytes() == before


def test_a_burmese_only_transcript_imports_into_my_as_drafts(tmp_path: Path) -> None:
    event = tmp_path / "event.yaml"
    shutil.copy(TRANSCRIPTS / "people.yaml", event)
    result = runner.invoke(app, ["import", str(TRANSCRIPTS / "qa.my.srt"), "--event", str(event)])
    assert result.exit_code == 0, result.output
    assert "3 turns, 5 paragraphs (into my:, English pending)" in result.stdout
    memo = load_event(event)
    turns = [item.turn for item in memo.programme if item.turn]
    assert [(t.speaker, t.at) for t in turns] == [("su-lin-han", "00:12:34.000"), ("kaung-san", "00:13:02.850"),
                                                  ("su-lin-han", "00:13:39.420")]
    paragraphs = [p for t in turns for p in t.paragraphs]
    assert all(p.en is None and p.my and p.status == "draft" for p in paragraphs)
    cues = [line for line in (TRANSCRIPTS / "qa.my.srt").read_text(encoding="utf-8").splitlines()
            if re.search("[\u1000-\u109f]", line) and "-->" not in line]
    spoken = " ".join(re.sub(r"^[^:]{1,40}: ", "", c) for c in cues)
    assert " ".join(p.my or "" for p in paragraphs) == spoken  # every cue once, in order, labels off
    first = event.read_text(encoding="utf-8")
    assert runner.invoke(app, ["import", str(TRANSCRIPTS / "qa.my.srt"), "--event", str(event)]).exit_code == 0
    assert event.read_text(encoding="utf-8") == first  # importing again changes nothing


def test_burmese_hesitations_are_dropped_unless_kept(tmp_path: Path) -> None:
    from isp_recap.myanmar.speech import drop_hesitations, only_hesitations

    assert drop_hesitations("အဲ ကျွန်တော် အင်း ဆွေးနွေးပါမယ်။") == "ကျွန်တော် ဆွေးနွေးပါမယ်။"
    assert drop_hesitations("အဲဒီ နေရာ") == "အဲဒီ နေရာ"  # a word, not a hesitation
    assert drop_hesitations("အဲ ဒါကြောင့် ပြောတာပါ") == "အဲ ဒါကြောင့် ပြောတာပါ"  # "so", split apart
    assert drop_hesitations("ပြောချင်ပါတယ် အင်း။") == "ပြောချင်ပါတယ်။"
    assert only_hesitations("အင်း အဲ") and not only_hesitations("အင်း ဟုတ်ကဲ့")
    srt = tmp_path / "talk.my.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nအင်း\n\n2\n00:00:02,500 --> 00:00:05,000\n"
                   "အဲ မင်္ဂလာပါ။\n", encoding="utf-8")
    for extra, expected in (((), "မင်္ဂလာပါ။"), (("--keep-fillers",), "အင်း အဲ မင်္ဂလာပါ။")):
        out = tmp_path / f"new{len(extra)}.yaml"
        result = runner.invoke(app, ["import", str(srt), "-o", str(out), "--speaker", "host", *extra])
        assert result.exit_code == 0, result.output
        turn = load_event(out).programme[0].turn
        assert turn is not None and [p.my for p in turn.paragraphs] == [expected]
        assert "English translation (en:) of the Burmese transcript" in out.read_text(encoding="utf-8")


def test_must_show_a_burmese_only_vtt_imports_into_my(tmp_path: Path) -> None:
    srt = (TRANSCRIPTS / "qa.my.srt").read_text(encoding="utf-8")
    vtt = tmp_path / "panel.my.vtt"  # the same cues as WebVTT: `Name: text` cues, as Zoom writes them
    vtt.write_text("WEBVTT\n\n" + re.sub(r"(\d\d:\d\d:\d\d),(\d\d\d)", r"\1.\2", srt), encoding="utf-8")
    event = tmp_path / "event.yaml"
    shutil.copy(TRANSCRIPTS / "people.yaml", event)
    result = runner.invoke(app, ["import", str(vtt), "--event", str(event)])
    assert result.exit_code == 0, result.output
    assert "webvtt, my, 12 cues -> 3 turns, 5 paragraphs (into my:, English pending)" in result.stdout
    memo = load_event(event)
    paragraphs = [p for item in memo.programme if item.turn for p in item.turn.paragraphs]
    assert len(paragraphs) == 5 and all(p.en is None and p.status == "draft" and p.my for p in paragraphs)
    assert runner.invoke(app, ["validate", str(event)]).exit_code == 0
