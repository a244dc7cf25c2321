"""WebVTT subtitles: cues with their times, speakers from `<v Name>` voice spans, word times.

The file is parsed as a browser parses it (`vtt_blocks`, `vtt_text`); this module turns those cues
into transcript cues and says what a browser would drop silently: timing lines that do not parse
(negative times among them), text outside any cue, a file without the `WEBVTT` line. Those are
errors with their line, or with `lenient` warnings (the import goes on: a timing line is read as
leniently as possible, else its cue left out; a file without `WEBVTT` is read as if it had one).

Cues without a voice span may name their speaker as `Name: text` (Zoom writes them so). A cue
whose voice changes inside it (`<v Bob>Hi</v> <v Ann>Hello`) becomes one cue per voice, with the
same times. Each cue keeps its words with the time of the timestamp tag before them
(`word<00:00:01.700><c> next</c>`) and its lines, which the rolling-caption merge needs.
"""

from __future__ import annotations

import re
from itertools import groupby

from .cues import Cue, Transcript, clean, format_time, is_filler, parse_time
from .labels import NameTest, find_label, plausible
from .vtt_blocks import Rejected, VttCue, has_signature, parse_webvtt, preprocess
from .vtt_text import Run, runs

_LOOSE_TIMING = re.compile(r"^\s*(?P<start>-?[\d:.,]+)\s*-->\s*(?P<end>-?[\d:.,]+)")
_SPACE_SPLIT = re.compile(r"(\s+)")


def read_vtt(text: str, path: str, *, is_name: NameTest | None = None, lenient: bool = False) -> Transcript:
    """Cues of a WebVTT file (text already decoded); `is_name` knows declared names."""
    t = Transcript(path=path, format="webvtt")
    text = preprocess(text)
    shift = 0
    if not has_signature(text):
        if not lenient:
            t.error(1, 1, "vtt-header", "a WebVTT file must start with the line WEBVTT",
                    hint="add WEBVTT and an empty line at the top, or use --lenient to read it anyway")
            return t
        t.warning(1, 1, "vtt-header", "the file does not start with WEBVTT; read as WebVTT anyway (--lenient)")
        text, shift = "WEBVTT\n\n" + text, 2
    parsed = parse_webvtt(text)
    assert parsed is not None
    items: list[tuple[int, VttCue | Rejected]] = [(c.timing_line, c) for c in parsed.cues]
    items += [(r.line, r) for r in parsed.rejected]
    items.sort(key=lambda item: item[0])
    for _, item in items:
        if isinstance(item, Rejected):
            cue = _rejected(item, t, shift, lenient)
            if cue is None:
                continue
        else:
            cue = item
        if not _payload(cue, shift, t, is_name):
            break
    return t


def _rejected(item: Rejected, t: Transcript, shift: int, lenient: bool) -> VttCue | None:
    """Report what a browser drops; with `lenient`, a timing line read loosely gives back its cue."""
    line = item.line - shift
    report = t.warning if lenient else t.error
    if item.kind == "text":
        report(line, 1, "vtt-cue", "text outside any cue (no timing line before it): a browser does not show it"
               + ("; left out" if lenient else ""),
               hint="a blank line inside a cue ends the cue; remove it, or add a timing line")
        return None
    m = _LOOSE_TIMING.match(item.text)
    start = parse_time(m.group("start")) if m else None
    end = parse_time(m.group("end")) if m else None
    negative = [v for v in (start, end) if v is not None and v < 0]
    if negative:
        message = f"negative time in the cue timing {item.text.strip()!r}"
        code = "negative-time"
    else:
        message = f"cannot read the cue timing {item.text.strip()!r}"
        code = "vtt-timing"
    if not lenient or start is None or end is None:
        report(line, 1, code, message + ("; the cue is left out" if lenient else ""),
               hint="WebVTT times are written 00:01:02.500 --> 00:01:04.000")
        return None
    report(line, 1, code, message + (f"; negative times taken as {format_time(0)}" if negative else
                                     "; read as " + format_time(max(start, 0)) + " --> " + format_time(max(end, 0))))
    from .vtt_blocks import CueSettings

    return VttCue("", max(start, 0), max(end, 0), item.payload, CueSettings(), item.line, item.payload_line)


def _payload(vc: VttCue, shift: int, t: Transcript, is_name: NameTest | None) -> bool:
    """One cue per voice of a WebVTT cue; False when the file holds too many cues."""
    line = vc.timing_line - shift
    text_line = vc.text_line - shift
    offsets = _line_starts(vc.text)
    for (voice, voice_at), group in groupby(runs(vc.text), key=lambda r: (r.voice, r.voice_at)):
        spoken = [r for r in group if not r.ruby_text]
        raw = "".join(r.text for r in spoken)
        text = clean(raw)
        if not text:
            continue
        words = _words(spoken, vc.start)
        lines = tuple(s for s in (clean(x) for x in raw.split("\n")) if s)
        v_line, v_col = _position(offsets, voice_at, text_line) if voice_at >= 0 else (0, 0)
        filler = is_filler(text)
        label = find_label(text) if voice is None and not filler else None
        previous = t.cues[-1].text if t.cues else ""
        # Zoom and others write "Name: text" instead of <v Name>.
        if label is not None and label.rest and plausible(label, previous, is_name):
            rest_words = _drop_words(words, len(label.raw.split()))
            cue = Cue(text=label.rest, line=line, start=vc.start, end=vc.end, speaker=label.name,
                      speaker_line=text_line, speaker_col=label.col, label=label.raw,
                      words=rest_words, lines=(label.rest,) if len(lines) <= 1 else lines)
        else:
            cue = Cue(text=text, line=line, start=vc.start, end=vc.end, speaker=voice or None,
                      speaker_line=v_line, speaker_col=v_col, filler=filler, words=words, lines=lines)
        if not t.add(cue):
            return False
    return True


def _words(spoken: list[Run], start: int) -> tuple[tuple[str, int], ...]:
    """Each word with the time of the timestamp tag before it (the cue's start before the first tag)."""
    words: list[tuple[str, int]] = []
    glued = False  # the last word may continue into the next run ("hel<00:01.000>lo")
    for run in spoken:
        when = start if run.time is None else run.time
        for piece in _SPACE_SPLIT.split(run.text):
            if not piece:
                continue
            if piece.isspace():
                glued = False
                continue
            if glued and words:
                words[-1] = (words[-1][0] + piece, words[-1][1])
            else:
                words.append((piece, when))
            glued = True
    return tuple(words)


def _drop_words(words: tuple[tuple[str, int], ...], n: int) -> tuple[tuple[str, int], ...]:
    return words[n:]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer("\n", text)]
    return starts


def _position(starts: list[int], offset: int, first_line: int) -> tuple[int, int]:
    import bisect

    index = bisect.bisect_right(starts, offset) - 1
    return first_line + index, offset - starts[index] + 1
