"""The WebVTT parser against web-platform-tests' file-parsing tests (tests/fixtures/webvtt-wpt/, BSD-3).

Each `.test` source is split as its folder's README describes; the WebVTT part is parsed and compared
with the cues and settings the JavaScript assertions expect (transcribed in `expected.json`).
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest

from isp_recap.transcript.vtt_blocks import VttCue, parse_webvtt
from isp_recap.transcript.vtt_text import plain_text, runs

WPT = Path(__file__).resolve().parent / "fixtures" / "webvtt-wpt"
EXPECTED: dict[str, dict[str, Any]] = json.loads((WPT / "expected.json").read_text(encoding="utf-8"))


def vtt_of(name: str) -> str:
    """The WebVTT file of a `.test` source: after the `===` line, escapes decoded."""
    source = (WPT / f"{name}.test").read_text(encoding="utf-8")
    _, _, body = source.partition("\n===\n")
    # Decoded as the folder's build script decodes it: Python's unicode_escape (\x20, \r, \uFFFD,
    # backslash-newline continues the line); non-ASCII characters are kept as they are.
    return codecs.decode(body.encode("ascii", "backslashreplace"), "unicode_escape")


def _value(cue: VttCue, key: str) -> object:
    s = cue.settings
    return {
        "id": cue.id, "text": cue.text, "start": cue.start / 1000, "end": cue.end / 1000,
        "align": s.align, "vertical": s.vertical, "size": s.size, "region": s.region,
        "line": "auto" if s.line is None else s.line, "snapToLines": s.snap_to_lines, "lineAlign": s.line_align,
        "position": "auto" if s.position is None else s.position, "positionAlign": s.position_align,
    }[key]


def test_every_vendored_source_has_expectations() -> None:
    assert sorted(p.stem for p in WPT.glob("*.test")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wpt_file_parsing(name: str) -> None:
    expected = EXPECTED[name]
    parsed = parse_webvtt(vtt_of(name))
    assert parsed is not None
    assert len(parsed.cues) == expected["count"], [c.text for c in parsed.cues]
    for index, fields in expected.get("cues", {}).items():
        cue = parsed.cues[int(index)]
        for key, want in fields.items():
            got = _value(cue, key)
            if isinstance(want, (int, float)) and not isinstance(want, bool):
                assert isinstance(got, (int, float)) and float(got) == float(want), (name, index, key, got, want)
            else:
                assert got == want, (name, index, key, got, want)
    if "stylesheets" in expected:
        assert len(parsed.stylesheets) == expected["stylesheets"]


@pytest.mark.parametrize("text", ["", "WEBVT", "WEBVTTX", "WEBVTT-", "webvtt\n", "\ufeffWEBVTTfoo", " WEBVTT"])
def test_not_a_webvtt_signature(text: str) -> None:
    """The signature rules (WPT's signature-invalid files are not in the source folder: these follow the spec)."""
    assert parse_webvtt(text) is None


@pytest.mark.parametrize("text", ["WEBVTT", "WEBVTT\n", "\ufeffWEBVTT\n\n", "WEBVTT foo\n", "WEBVTT\tbar"])
def test_webvtt_signatures(text: str) -> None:
    parsed = parse_webvtt(text)
    assert parsed is not None and parsed.cues == []


def test_header_ends_at_a_timing_line_and_a_blank_line() -> None:
    parsed = parse_webvtt("WEBVTT\nKind: captions\n00:00.000 --> 00:01.000\nfirst\n\nLanguage: en\n")
    assert parsed is not None
    assert [(c.text, c.timing_line) for c in parsed.cues] == [("first", 3)]
    # "Language: en" after the header is stray text a browser ignores; the parser reports it.
    assert [(r.line, r.kind) for r in parsed.rejected] == [(6, "text")]


def test_a_line_holding_a_space_is_cue_text() -> None:
    parsed = parse_webvtt("WEBVTT\n\n00:00.000 --> 00:01.000 align:start position:0%\n \nhello\n\nnext\n")
    assert parsed is not None
    assert [c.text for c in parsed.cues] == [" \nhello"]


def test_cue_text_spans_voices_ruby_and_timestamps() -> None:
    text = ("<v.loud Su Lin Han>Hi <i>all</i></v> <lang my>ok</lang> <ruby>漢<rt>kan</rt></ruby> "
            "a<00:00:01.500><c> b</c>")
    got = [(r.text, r.voice, r.time, r.ruby_text) for r in runs(text)]
    assert got == [("Hi ", "Su Lin Han", None, False), ("all", "Su Lin Han", None, False), (" ", None, None, False),
                   ("ok", None, None, False), (" ", None, None, False), ("漢", None, None, False),
                   ("kan", None, None, True), (" a", None, None, False), (" b", None, 1500, False)]
    assert plain_text("x &amp; y &lt;3 <unknown>kept</unknown> <00:00:xx>bad stamp") == "x & y <3 kept bad stamp"
    # An end tag that does not close the current element is ignored; </ruby> closes an open <rt> too.
    assert plain_text("<b>a</i>b</b><ruby>c<rt>d</ruby>e") == "abce"
