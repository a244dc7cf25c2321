"""Whisper-family JSON (openai-whisper, faster-whisper, WhisperX): segments, word times, diarised speakers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.source.loader import load_event
from isp_recap.transcript.whisper import MAX_VALUES, read_whisper

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"


def test_segments_words_speakers_and_low_confidence() -> None:
    t = read_whisper((FIXTURES / "whisperx.json").read_text(encoding="utf-8"), "w.json")
    assert [(c.speaker, c.start, c.end, c.text) for c in t.cues] == [
        ("SPEAKER_00", 1500, 4000, "Greetings to all Gabyin members and viewers."),
        ("SPEAKER_00", 4500, 7250, "Today we discuss Myanmar's rare earths."),
        ("SPEAKER_01", 8000, 11000, "Thank you. Rare earths are mined in Kachin State."),
        ("SPEAKER_01", 11000, 14500, "Most of them are exported to China."),
    ]
    assert t.cues[0].words[:3] == (("Greetings", 1500), ("to", 2000), ("all", 2100))
    warnings = [(d.line, d.code, d.message) for d in t.diagnostics]
    assert [(line, code) for line, code, _ in warnings] == [(3, "low-confidence"), (4, "low-confidence")]
    assert "00:00:08.000" in warnings[0][2] and "avg_logprob" in warnings[0][2]
    assert "00:00:11.000" in warnings[1][2] and "no_speech_prob" in warnings[1][2]


def test_faster_whisper_list_and_bad_segments() -> None:
    text = json.dumps([{"start": 0.0, "end": 1.0, "text": "One."}, {"start": "x", "end": 2, "text": "Two."},
                       {"start": -1.0, "end": 0.5, "text": "Three."}, "junk"])
    t = read_whisper(text, "f.json")
    assert [(d.line, d.code, d.severity) for d in t.diagnostics] == [
        (2, "whisper-format", "error"), (3, "negative-time", "error"), (4, "whisper-format", "error")]
    t = read_whisper(text, "f.json", lenient=True)
    assert [(c.text, c.start) for c in t.cues] == [("One.", 0), ("Three.", 0)]


def test_hostile_json_is_refused_quickly() -> None:
    assert [d.code for d in read_whisper("[" * 100_000 + "]" * 100_000, "d.json").diagnostics] == ["json-too-deep"]
    bomb = "[" + ",".join(["0"] * (MAX_VALUES + 1)) + "]"
    assert [d.code for d in read_whisper(bomb, "b.json").diagnostics] == ["json-too-large"]
    assert [d.code for d in read_whisper('{"segments": [{"start": NaN}]}', "n.json").diagnostics] == ["json-syntax"]
    (d,) = read_whisper('{"segments": [\n  {"start": 1,}\n]}', "s.json").diagnostics
    assert (d.line, d.code) == (2, "json-syntax")
    assert [d.code for d in read_whisper('{"text": "no segments"}', "x.json").diagnostics] == ["whisper-format"]


def test_whisper_json_imports_with_its_times_and_aliases(tmp_path: Path) -> None:
    """Must show: a Whisper JSON imports with its times; diarised labels mapped with --alias."""
    event = tmp_path / "event.yaml"
    shutil.copy(FIXTURES / "people.yaml", event)
    result = CliRunner().invoke(app, ["import", str(FIXTURES / "whisperx.json"), "--event", str(event),
                                      "--alias", "SPEAKER_00=su-lin-han", "--alias", "SPEAKER_01=nan-lwin"])
    assert result.exit_code == 0, result.stderr
    assert "warning[low-confidence]" in result.stderr and "00:00:08.000" in result.stderr
    memo = load_event(event)
    turns = [(i.turn.speaker, i.turn.at, [p.en for p in i.turn.paragraphs]) for i in memo.programme if i.turn]
    assert turns == [
        ("su-lin-han", "00:00:01.500", ["Greetings to all Gabyin members and viewers. "
                                        "Today we discuss Myanmar's rare earths."]),
        ("nan-lwin", "00:00:08.000", ["Thank you. Rare earths are mined in Kachin State. "
                                      "Most of them are exported to China."]),
    ]
    # Without the aliases the diarised labels are unknown speakers, with a hint.
    shutil.copy(FIXTURES / "people.yaml", event)
    result = CliRunner().invoke(app, ["import", str(FIXTURES / "whisperx.json"), "--event", str(event)])
    assert result.exit_code == 2 and "unknown-speaker" in result.stderr and "SPEAKER_00" in result.stderr
