"""Transcript readers: WebVTT, SRT, plain text, DOCX, and the damage real files come with."""

from __future__ import annotations

import codecs
import html
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_recap.diagnostics import IspRecapError
from isp_recap.transcript.cues import Cue, Transcript, format_time, is_filler, order_cues, parse_time
from isp_recap.transcript.docx_reader import read_docx
from isp_recap.transcript.importer import ImportOptions, detect_format, language_of, read_transcript
from isp_recap.transcript.labels import find_label, plausible
from isp_recap.transcript.plaintext import read_text
from isp_recap.transcript.srt import read_srt
from isp_recap.transcript.textio import decode_text, read_file
from isp_recap.transcript.vtt import read_vtt

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"
KNOWN = {"Su Lin Han", "Nan Lwin", "Kaung San"}


def codes(t: Transcript) -> list[str]:
    return [d.code for d in t.diagnostics]


# --- timestamps ------------------------------------------------------------------------------------


def test_times_parse_and_format() -> None:
    assert parse_time("00:12:31.200") == 751_200
    assert parse_time("12:31.2") == 751_200  # WebVTT without hours, short fraction
    assert parse_time("1:02:03,004") == 3_723_004  # SRT comma
    assert parse_time("-00:00:01.500") == -1_500
    assert parse_time("00:61:00.000") is None
    assert parse_time("soon") is None
    assert format_time(751_200) == "00:12:31.200"
    assert format_time(-5) == "00:00:00.000"


@given(st.integers(min_value=0, max_value=100 * 3600 * 1000 - 1))
def test_format_then_parse_is_identity(ms: int) -> None:
    assert parse_time(format_time(ms)) == ms


def test_fillers() -> None:
    for text in ("[music]", "[MUSIC PLAYING]", "(applause)", "♪ la la ♪", "[music] [applause]"):
        assert is_filler(text), text
    for text in ("[inaudible] said the minister", "Thanks (all of you).", "", "3 [sic]."):
        assert not is_filler(text), text


# --- WebVTT -----------------------------------------------------------------------------------------


def test_vtt_voice_spans_classes_entities_and_multi_voice_cues() -> None:
    text = (
        "WEBVTT\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\n"
        "intro\n00:00:01.000 --> 00:00:02.500 align:start\n<v.loud Su Lin Han>Hello <i>all</i> &amp; welcome</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Nan Lwin>Thank you.</v>\n<v Kaung San>And hello.\n\n"
        "00:00:04.000 --> 00:00:05.000\nno voice here <00:00:04.500><c.yellow>karaoke</c>\n\n"
        "00:00:05.000 --> 00:00:06.000\n<ruby>漢<rt>kan</rt></ruby> ok\n"
    )
    t = read_vtt(text, "x.vtt")
    assert codes(t) == []
    got = [(c.speaker, c.text, c.start, c.end, c.line) for c in t.cues]
    assert got == [
        ("Su Lin Han", "Hello all & welcome", 1000, 2500, 10),
        ("Nan Lwin", "Thank you.", 3000, 4000, 13),
        ("Kaung San", "And hello.", 3000, 4000, 13),
        (None, "no voice here karaoke", 4000, 5000, 17),
        (None, "漢 ok", 5000, 6000, 20),
    ]
    assert (t.cues[0].speaker_line, t.cues[0].speaker_col) == (11, 1)
    assert (t.cues[2].speaker_line, t.cues[2].speaker_col) == (15, 1)


def test_vtt_zoom_style_name_prefix() -> None:
    t = read_vtt("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nNan Lwin: Greetings to all.\n", "z.vtt")
    assert [(c.speaker, c.text, c.label) for c in t.cues] == [("Nan Lwin", "Greetings to all.", "Nan Lwin: ")]


def test_vtt_bad_timing_reports_line_and_keeps_going() -> None:
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:0x.000 --> 00:00:03.000\nbroken\n\n"
            "a stray block without timing\n\n00:00:04.000 --> 00:00:05.000\nalso fine\n")
    t = read_vtt(text, "b.vtt")
    errors = [(d.line, d.code) for d in t.diagnostics if d.severity == "error"]
    assert errors == [(6, "vtt-timing"), (9, "vtt-cue")]
    assert [c.text for c in t.cues] == ["fine", "also fine"]


def test_vtt_negative_time_is_an_error_and_lenient_clamps_it() -> None:
    text = "WEBVTT\n\n-00:00:01.000 --> 00:00:02.000\nearly\n"
    t = read_vtt(text, "n.vtt")
    assert t.cues == []
    (d,) = t.diagnostics
    assert (d.line, d.code, d.severity) == (3, "negative-time", "error")
    t = read_vtt(text, "n.vtt", lenient=True)
    assert [(c.text, c.start, c.end) for c in t.cues] == [("early", 0, 2000)]
    (d,) = t.diagnostics
    assert (d.line, d.code, d.severity) == (3, "negative-time", "warning")


def test_vtt_missing_header_is_an_error_and_lenient_reads_it() -> None:
    text = "1\n00:00:01.000 --> 00:00:02.000\nhello\n\n00:00:03.000 --> 00:00:04.000\nagain\n"
    t = read_vtt(text, "h.vtt")
    assert [(d.line, d.code, d.severity) for d in t.diagnostics] == [(1, "vtt-header", "error")]
    assert t.cues == []
    t = read_vtt(text, "h.vtt", lenient=True)
    assert [(d.line, d.code, d.severity) for d in t.diagnostics] == [(1, "vtt-header", "warning")]
    # Line numbers are those of the file as written, not of the header the reader supplied.
    assert [(c.text, c.line) for c in t.cues] == [("hello", 2), ("again", 5)]


def test_vtt_agrees_with_webvtt_py_on_the_fixture() -> None:
    import webvtt

    ours = read_vtt((FIXTURES / "panel.vtt").read_text(encoding="utf-8"), "panel.vtt")
    theirs = webvtt.read(str(FIXTURES / "panel.vtt")).captions
    assert [c.text for c in ours.cues] == [" ".join(html.unescape(c.text).split()) for c in theirs]
    assert [c.speaker for c in ours.cues] == [c.voice for c in theirs]
    assert [format_time(c.start or 0) for c in ours.cues] == [c.start for c in theirs]


NAMES = st.sampled_from(["Su Lin Han", "Nan Lwin", "Kaung San", None])
WORDS = st.text(st.sampled_from(list("abcXYZ 019',.?!&<>-") + list("ကခဂငြန်ာ့း၀၉။")), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, WORDS.filter(lambda s: s.strip() and "-->" not in s),
                          st.integers(0, 5000)), min_size=1, max_size=20))
def test_vtt_written_then_read_gives_the_same_cues(items: list[tuple[str | None, str, int]]) -> None:
    lines, t, expected = ["WEBVTT", ""], 0, []
    for name, text, gap in items:
        start, end = t + gap, t + gap + 1500
        t = end
        body = html.escape(text, quote=False)
        lines += [f"{format_time(start)} --> {format_time(end)}", f"<v {name}>{body}" if name else body, ""]
        expected.append((name, " ".join(text.split()), start, end))
    got = read_vtt("\n".join(lines), "p.vtt")
    assert [(c.speaker, c.text, c.start, c.end) for c in got.cues] == expected


# --- SRT --------------------------------------------------------------------------------------------


def test_srt_prefixes_carry_over_and_mid_cue_change() -> None:
    text = ("1\n00:00:01,000 --> 00:00:02,000\nSU LIN HAN: Welcome to the\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\n<i>program.</i>\n\n"
            "3\n00:00:03,000 --> 00:00:04,500\nThank you.\n>> NAN LWIN: Greetings.\n")
    t = read_srt(text, "a.srt")
    assert codes(t) == []
    assert [(c.speaker, c.text, c.start) for c in t.cues] == [
        ("SU LIN HAN", "Welcome to the", 1000), (None, "program.", 2000),
        (None, "Thank you.", 3000), ("NAN LWIN", "Greetings.", 3000)]
    assert (t.cues[3].speaker_line, t.cues[3].speaker_col) == (12, 4)


def test_srt_label_mid_sentence_is_text() -> None:
    """`Earth:` continues `...the topic: "Myanmar's Rare`: not a speaker."""
    text = ("1\n00:00:01,000 --> 00:00:02,000\nSU LIN HAN: the topic: \"Myanmar's Rare\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nEarth: Cries Behind Critical Minerals.\"\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\nNan Lwin: Greetings.\n")
    t = read_srt(text, "m.srt")
    assert [c.speaker for c in t.cues] == ["SU LIN HAN", None, "Nan Lwin"]
    assert t.cues[1].text == "Earth: Cries Behind Critical Minerals.\""


def test_label_plausibility() -> None:
    label = find_label("Earth: Cries")
    assert label is not None
    assert not plausible(label, "the topic: Myanmar's Rare")
    assert plausible(label, "a sentence.")
    assert plausible(label, "the topic: Myanmar's Rare", lambda n: n == "Earth")
    shout = find_label("KAUNG SAN: yes")
    assert shout is not None and plausible(shout, "mid sentence")


def test_srt_missing_blank_lines_and_bad_timing() -> None:
    text = ("1\n00:00:01,000 --> 00:00:02,000\nfirst\n2\n00:00:02,000 --> 00:00:03,000\nsecond\n\n"
            "3\n00:00:03,000 -> 00:00:04,000\nlost arrow\n\n4\n00:00:0a,000 --> 00:00:05,000\nbad\n")
    t = read_srt(text, "c.srt")
    assert [c.text for c in t.cues] == ["first", "second"]
    assert [(d.line, d.code) for d in t.diagnostics] == [(9, "srt-timing"), (13, "srt-timing")]


def test_srt_negative_and_out_of_order_and_overlap_and_duplicates() -> None:
    text = ("1\n-00:00:00,500 --> 00:00:01,000\nearly.\n\n"
            "2\n00:00:05,000 --> 00:00:06,000\nlater.\n\n"
            "3\n00:00:02,000 --> 00:00:03,000\nmiddle.\n\n"
            "4\n00:00:02,500 --> 00:00:04,000\nmiddle.\n\n"
            "5\n00:00:02,800 --> 00:00:04,500\noverlapping.\n\n"
            "6\n00:00:07,000 --> 00:00:06,500\nbackwards.\n")
    t = read_srt(text, "o.srt", lenient=True)
    cues = order_cues(t, lenient=True)
    assert [c.text for c in cues] == ["early.", "middle.", "overlapping.", "later.", "backwards."]
    found = {(d.line, d.code) for d in t.diagnostics}
    assert {(2, "negative-time"), (10, "cue-out-of-order"), (14, "duplicate-cue"),
            (18, "cue-overlap"), (22, "cue-ends-before-start")} <= found
    assert all(d.severity == "warning" for d in t.diagnostics)
    # Without --lenient the broken times are errors at their lines; order and overlaps stay warnings.
    t = read_srt(text, "o.srt")
    order_cues(t)
    errors = {(d.line, d.code) for d in t.diagnostics if d.severity == "error"}
    assert errors == {(2, "negative-time"), (22, "cue-ends-before-start")}


# --- plain text -------------------------------------------------------------------------------------


def test_plain_text_fixture() -> None:
    text = (FIXTURES / "panel.txt").read_text(encoding="utf-8")
    t = read_text(text, "panel.txt", lambda n: n in KNOWN)
    assert codes(t) == []
    spoken = [(c.speaker, c.text[:25], c.start, c.line) for c in t.cues if c.text]
    assert spoken[0] == (None, "Greetings to all Gabyin m", None, 2)
    assert t.cues[0].speaker == "Su Lin Han" and t.cues[0].text == ""  # the heading
    assert ("KAUNG SAN", "The rare earth minerals a", 89_000, 18) in spoken
    assert any(c.filler for c in t.cues)
    assert all(c.paragraph for c in t.cues)


def test_plain_text_heading_forms_and_wrapped_lines() -> None:
    text = ("## Nan Lwin\nFirst line\nwrapped here.\n\n**Kaung San**\nHello.\n\n"
            "Otter Person  0:05\nText.\n\nUnknown Line\nnot a heading.\n")
    t = read_text(text, "h.txt")
    pairs = [(c.speaker, c.text) for c in t.cues]
    assert pairs == [("Nan Lwin", ""), (None, "First line wrapped here."), ("Kaung San", ""), (None, "Hello."),
                     ("Otter Person", ""), (None, "Text."), (None, "Unknown Line not a heading.")]
    assert t.cues[4].start == 5000


def test_markdown_heading_naming_no_declared_person_is_text() -> None:
    text = "Nan Lwin: Hello.\n\n## Conflict Economy\n\n## Kaung San\nYes.\n"
    t = read_text(text, "s.txt", lambda n: n in KNOWN)
    assert [(c.speaker, c.text) for c in t.cues] == [
        ("Nan Lwin", "Hello."), (None, "## Conflict Economy"), ("Kaung San", ""), (None, "Yes.")]


# --- DOCX -------------------------------------------------------------------------------------------


def make_docx() -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    speaker = d.styles.add_style("Speaker", WD_STYLE_TYPE.PARAGRAPH)
    speaker.font.bold = True
    p = d.add_paragraph()
    p.add_run("Su Lin Han:").bold = True
    p.add_run(" Greetings to all Gabyin members joining today's 30 Minutes with the ISP program.")
    d.add_paragraph("Alright, let's begin.")
    d.add_paragraph("Nan Lwin", style="Heading 2")
    d.add_paragraph("Greetings to all friends joining today's 30 Minutes with the ISP program.")
    d.add_paragraph("")
    d.add_paragraph("Kaung San", style="Speaker")
    d.add_paragraph("[00:01:29] The rare earth minerals are worth billions of USD.")
    d.add_paragraph("Su Lin Han: Thank you for the insightful discussion, our panelists.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_bold_heading_and_styled_speakers() -> None:
    t = read_docx(make_docx(), "t.docx")
    assert codes(t) == []
    assert [(c.speaker, c.text[:30], c.line, c.start) for c in t.cues] == [
        ("Su Lin Han", "Greetings to all Gabyin member", 1, None),
        (None, "Alright, let's begin.", 2, None),
        ("Nan Lwin", "", 3, None),
        (None, "Greetings to all friends joini", 4, None),
        ("Kaung San", "", 6, None),
        (None, "The rare earth minerals are wo", 7, 89_000),
        ("Su Lin Han", "Thank you for the insightful d", 8, None),
    ]
    assert t.unit == "paragraph"


def test_docx_damaged_files_are_diagnostics() -> None:
    good = make_docx()
    for raw in (good[: len(good) // 2], b"PK\x03\x04garbage", b"not a zip"):
        t = read_docx(raw, "bad.docx")
        assert codes(t) == ["docx-invalid"] and not t.cues


def test_docx_zip_bomb_is_refused() -> None:
    import struct
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
    raw = bytearray(out.getvalue())
    central = raw.index(b"PK\x01\x02")  # claim 300 MB unpacked in the central directory
    raw[central + 24:central + 28] = struct.pack("<I", 300 * 1024 * 1024)
    t = read_docx(bytes(raw), "bomb.docx")
    assert codes(t) == ["docx-too-large"]


# --- bytes, encodings, format choice -----------------------------------------------------------------

SRT = "1\r\n00:00:01,000 --> 00:00:02,000\r\nNAN LWIN: Café “quoted”\r\n"


@pytest.mark.parametrize("raw", [
    codecs.BOM_UTF8 + SRT.encode("utf-8"),
    codecs.BOM_UTF16_LE + SRT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + SRT.encode("utf-16-be"),
    SRT.encode("utf-16-le"),
    SRT.replace("\r\n", "\r").encode("utf-8"),
])
def test_boms_utf16_and_line_ends(raw: bytes) -> None:
    text, diags = decode_text(raw, "x.srt")
    assert diags == [] and text is not None
    t = read_srt(text, "x.srt")
    assert [(c.speaker, c.text, c.line) for c in t.cues] == [("NAN LWIN", "Café “quoted”", 2)]


def test_windows_1252_is_read_with_a_warning_naming_the_line() -> None:
    text, diags = decode_text(SRT.encode("cp1252"), "w.srt")
    assert text is not None and "Café “quoted”" in text
    (d,) = diags
    assert (d.line, d.col, d.code, d.severity) == (3, 14, "not-utf8", "warning")


def test_undecodable_and_binary_and_controls() -> None:
    text, diags = decode_text(b"line one\nbad \x81\x8d byte", "u.txt")
    assert text is None and [(d.line, d.code) for d in diags] == [(2, "invalid-encoding")]
    text, diags = decode_text(b"abc\x00\x01\x02\x00\x00def", "b.txt")
    assert text is None and diags[-1].code == "binary-file"
    text, diags = decode_text("ok\nbell\x07 and \u202eevil\n".encode(), "c.txt")
    assert text == "ok\nbell and evil\n"
    assert [(d.line, d.code) for d in diags] == [(2, "control-character"), (2, "bidi-control")]


def test_big_files_and_folders_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.srt"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    for path, code in ((big, "file-too-large"), (tmp_path, "not-a-file"), (tmp_path / "no.srt", "file-not-found")):
        with pytest.raises(IspRecapError) as exc:
            read_file(path)
        assert exc.value.diagnostics[0].code == code


def test_format_by_content_then_extension(tmp_path: Path) -> None:
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n"
    assert detect_format(Path("a.vtt"), vtt, vtt.decode()) == ("webvtt", None)
    fmt, note = detect_format(Path("a.srt"), vtt, vtt.decode())
    assert fmt == "webvtt" and note and "extension says srt" in note
    srt = SRT.encode()
    assert detect_format(Path("a.txt"), srt, SRT)[0] == "srt"
    assert detect_format(Path("a"), b"Nan Lwin: hi", "Nan Lwin: hi") == ("text", None)
    assert detect_format(Path("a.txt"), b"PK\x03\x04...", None)[0] == "docx"
    # A .docx that is an old binary .doc is refused with advice.
    doc = tmp_path / "old.docx"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(IspRecapError) as exc:
        read_transcript(doc, ImportOptions(), lambda n: False)
    assert exc.value.diagnostics[0].code == "legacy-doc"


def test_language_by_script() -> None:
    assert language_of([Cue("ကျေးဇူးတင်ပါတယ် KIA", 1)]) == "my"
    assert language_of([Cue("Thank you, ကောင်းဆန်း, for the answer.", 1)]) == "en"


def test_cue_count_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import isp_recap.transcript.cues as cues

    monkeypatch.setattr(cues, "MAX_CUES", 3)
    text = "".join(f"{i}\n00:00:0{i},000 --> 00:00:0{i},500\nline {i}.\n\n" for i in range(1, 7))
    t = read_srt(text, "many.srt")
    assert len(t.cues) == 3 and [(d.line, d.code) for d in t.diagnostics] == [(14, "too-many-cues")]


JUNK = st.text(st.sampled_from([*list("WEBVTT-->:.,0123456789 \n<>/v[]()*#ABab&;"), "\ufeff", "က", "။"]),
               max_size=300)


@settings(max_examples=300, deadline=None)
@given(JUNK)
def test_readers_never_crash_on_junk(text: str) -> None:
    for reader in (lambda s: read_vtt(s, "j.vtt"), lambda s: read_srt(s, "j.srt"),
                   lambda s: read_text(s, "j.txt", lambda n: n == "A")):
        t = reader(text)
        order_cues(t)
        assert all(d.line >= 0 and d.col >= 0 for d in t.diagnostics)
        assert all(c.text == " ".join(c.text.split()) for c in t.cues)
