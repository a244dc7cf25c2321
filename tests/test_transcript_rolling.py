"""Rolling captions (YouTube-style auto-captions): every spoken word once, in order, at its first time.

The files are generated: a random spoken word sequence is cut into caption lines and written the way
YouTube writes auto-captions (a first line holding a single space, inline word timestamps
`word<00:00:01.700><c> next</c>`, each cue repeating the line before it, a 10 ms cue in between).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.source.loader import load_event
from isp_recap.transcript.cues import Cue, format_time
from isp_recap.transcript.rolling import is_rolling, merge_rolling
from isp_recap.transcript.vtt import read_vtt

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
# A small vocabulary, so that words and whole lines repeat (the hard case for a merge).
TALK = ("so the question is whether the rare earth mines in Kachin State are still running and "
        "who profits from them yes the mines are running and the the trade goes to China")
VOCAB = st.sampled_from(["the", "rare", "earth", "mines", "of", "Kachin", "and", "China", "so", "yes"])


def youtube_vtt(lines: list[list[tuple[str, int]]], end: int) -> str:
    """A WebVTT file as YouTube writes auto-captions, from caption lines of (word, ms) pairs."""
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    previous = " "
    for n, line in enumerate(lines):
        start = line[0][1]
        stop = lines[n + 1][0][1] if n + 1 < len(lines) else end
        first, *rest = line
        body = first[0] + "".join(f"<{format_time(t)}><c> {w}</c>" for w, t in rest)
        out += [f"{format_time(start)} --> {format_time(stop - 10)} align:start position:0%", previous, body, ""]
        shown = " ".join(w for w, _ in line)
        out += [f"{format_time(stop - 10)} --> {format_time(stop)} align:start position:0%", shown, " ", ""]
        previous = shown
    return "\n".join(out)


@st.composite
def spoken(draw: st.DrawFn) -> tuple[list[list[tuple[str, int]]], int]:
    words = draw(st.lists(VOCAB, min_size=1, max_size=80))
    sizes = draw(st.lists(st.integers(1, 6), min_size=len(words), max_size=len(words)))
    t, lines, i = 0, [], 0
    while i < len(words):
        line = []
        for word in words[i:i + sizes[i]]:
            t += draw(st.integers(80, 900))
            line.append((word, t))
        i += len(line)
        lines.append(line)
        t += 200
    return lines, t + 1000


def _joined(cues: list[Cue]) -> list[tuple[str, int]]:
    return [w for c in cues for w in c.words]


@settings(max_examples=120, deadline=None)
@given(spoken())
def test_generated_rolling_captions_give_each_word_once_in_order(case: tuple[list[list[tuple[str, int]]], int]) -> None:
    lines, end = case
    t = read_vtt(youtube_vtt(lines, end), "auto.en.vtt")
    assert not [d for d in t.diagnostics if d.severity == "error"]
    merged, _ = merge_rolling(t.cues)
    said = [w for line in lines for w in line]
    if len(lines) > 1:
        assert is_rolling(t.cues)
    assert " ".join(c.text for c in merged) == " ".join(w for w, _ in said)
    assert _joined(merged) == said  # each word with the time of its first appearance
    assert all(c.start == c.words[0][1] for c in merged)


def test_a_file_that_does_not_roll_keeps_a_repeated_line() -> None:
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThank you.\n\n00:00:02.000 --> 00:00:03.000\nThank you.\n\n"
            "00:00:03.000 --> 00:00:04.000\nWe begin.\n\n00:00:04.000 --> 00:00:05.000\nFirst point.\n\n"
            "00:00:05.000 --> 00:00:06.000\nSecond point.\n\n00:00:06.000 --> 00:00:07.000\nThird point.\n")
    cues = read_vtt(text, "x.vtt").cues
    merged, dropped = merge_rolling(cues)
    assert [c.text for c in merged] == [c.text for c in cues] and dropped == 0


def test_growing_captions_merge_too() -> None:
    """Captions that grow word by word (each cue: all of the cue before, and more)."""
    text = "WEBVTT\n\n" + "".join(
        f"00:00:0{i}.000 --> 00:00:0{i + 1}.000\n{' '.join(['we', 'meet', 'in', 'Chiang', 'Mai'][:i + 1])}\n\n"
        for i in range(5))
    merged, dropped = merge_rolling(read_vtt(text, "g.vtt").cues)
    assert [(c.text, c.start) for c in merged] == [("we", 0), ("meet", 1000), ("in", 2000), ("Chiang", 3000),
                                                   ("Mai", 4000)]
    assert dropped == 0


def test_youtube_auto_captions_import_into_the_sample(tmp_path: Path) -> None:
    """Must show: a YouTube-style file imports into the sample with every spoken word once and in order."""
    words = TALK.split()
    lines, t = [], 0
    for i in range(0, len(words), 4):
        line = []
        for w in words[i:i + 4]:
            t += 370
            line.append((w, t))
        lines.append(line)
    (tmp_path / "auto.en.vtt").write_text(youtube_vtt(lines, t + 2000), encoding="utf-8")
    event = tmp_path / "event.yaml"
    shutil.copy(SAMPLE, event)
    before = load_event(event)
    result = CliRunner().invoke(app, ["import", str(tmp_path / "auto.en.vtt"), "--event", str(event),
                                      "--speaker", "kaung-san"])
    assert result.exit_code == 0, result.stderr
    assert "rolling captions merged" in result.stdout
    after = load_event(event)
    new = after.programme[len(before.programme):]
    assert new and all(item.turn and item.turn.speaker == "kaung-san" for item in new)
    text = " ".join(p.en for item in new if item.turn for p in item.turn.paragraphs)
    assert text.split() == words
    first = new[0].turn
    assert first is not None and first.at == format_time(370)
