"""Speech-recogniser JSON: openai-whisper, faster-whisper and WhisperX output as cues.

Read: `{"segments": [...]}` (openai-whisper's `result`, WhisperX) or a bare list of segments
(faster-whisper's segments dumped as JSON). A segment has `start`, `end` (seconds) and `text`;
optional `words` (`word`, `start`, `end`) give each word its time; an optional `speaker` label
(`SPEAKER_00`, from WhisperX's diarisation) is the cue's speaker, mapped to a person with
`--alias SPEAKER_00=id`. Segments the recogniser was unsure of are reported as warnings with their
time: `avg_logprob` below -1.0, `no_speech_prob` above 0.6 or `compression_ratio` above 2.4
(openai-whisper's own thresholds for "failed" decoding).

The file is untrusted: at most `MAX_VALUES` JSON values, nesting bounded by the decoder's recursion
guard, no `NaN`/`Infinity`, and only the fields above are looked at. JSON has no useful lines
(recognisers write it on one), so a position here is the segment's number, as DOCX positions are
paragraph numbers.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .cues import Cue, Transcript, clean, format_time, is_filler

#: Most JSON values (numbers, strings, objects, arrays) a file may hold; two hours with word times
#: are about 200,000.
MAX_VALUES = 1_000_000
LOGPROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6
COMPRESSION_THRESHOLD = 2.4
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def looks_like_json(text: str) -> bool:
    """True when the text starts like a JSON object or array."""
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a recogniser writes")


def read_whisper(text: str, path: str, *, lenient: bool = False) -> Transcript:
    """Cues of a Whisper-family JSON file (text already decoded)."""
    t = Transcript(path=path, format="whisper")
    bare = _STRING.sub('""', text)
    values = bare.count(",") + bare.count("[") + bare.count("{") + 1
    if values > MAX_VALUES:
        t.error(1, 1, "json-too-large", f"the file holds more than {MAX_VALUES:,} JSON values")
        return t
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        t.error(exc.lineno, exc.colno, "json-syntax", exc.msg)
        return t
    except RecursionError:
        t.error(1, 1, "json-too-deep", "the JSON is nested too deeply")
        return t
    except ValueError as exc:
        t.error(1, 1, "json-syntax", str(exc))
        return t
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list):
        t.error(1, 1, "whisper-format", "expected {\"segments\": [...]} or a list of segments "
                "(openai-whisper, faster-whisper or WhisperX JSON)")
        return t
    for n, segment in enumerate(segments, 1):
        cue = _segment(segment, n, t, lenient)
        if cue is not None and not t.add(cue):
            break
    return t


def _seconds(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return round(value * 1000)


def _segment(segment: object, n: int, t: Transcript, lenient: bool) -> Cue | None:
    where = f"segment {n}"
    if not isinstance(segment, dict):
        t.error(n, 0, "whisper-format", f"{where} is not an object with start, end and text")
        return None
    start, end, text = _seconds(segment.get("start")), _seconds(segment.get("end")), segment.get("text")
    if start is None or end is None or not isinstance(text, str):
        t.error(n, 0, "whisper-format", f"{where} needs numeric start and end (seconds) and a text")
        return None
    if start < 0 or end < 0:
        report = t.warning if lenient else t.error
        report(n, 0, "negative-time", f"{where} has a negative time ({segment.get('start')} --> "
               f"{segment.get('end')})" + ("; taken as 0" if lenient else ""),
               None if lenient else "fix the times, or use --lenient to import anyway")
        start, end = max(start, 0), max(end, 0)
    _confidence(segment, where, n, start, t)
    words = _words(segment.get("words"), start)
    speaker = segment.get("speaker")
    if not isinstance(speaker, str):
        word_speakers = [w.get("speaker") for w in segment.get("words") or [] if isinstance(w, dict)]
        speaker = next((s for s in word_speakers if isinstance(s, str)), None)
    body = clean(text)
    if not body:
        return None
    return Cue(text=body, line=n, start=start, end=end, speaker=clean(speaker)[:60] or None if speaker else None,
               speaker_line=n if speaker else 0, speaker_col=0, filler=is_filler(body),
               words=words, lines=(body,))


def _confidence(segment: dict[str, Any], where: str, n: int, start: int, t: Transcript) -> None:
    checks = (("avg_logprob", -1, LOGPROB_THRESHOLD, f"below {LOGPROB_THRESHOLD}"),
              ("no_speech_prob", 1, NO_SPEECH_THRESHOLD, f"above {NO_SPEECH_THRESHOLD}"),
              ("compression_ratio", 1, COMPRESSION_THRESHOLD, f"above {COMPRESSION_THRESHOLD}"))
    for key, sign, threshold, limit in checks:
        value = segment.get(key)
        if (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                and sign * (value - threshold) > 0):
            t.warning(n, 0, "low-confidence", f"{where} at {format_time(start)} may be misheard: {key} {value:.2f} "
                      f"is {limit}; listen to the recording there")
            return


def _words(words: object, start: int) -> tuple[tuple[str, int], ...]:
    if not isinstance(words, list):
        return ()
    out: list[tuple[str, int]] = []
    when = start
    for word in words:
        if not isinstance(word, dict) or not isinstance(word.get("word"), str):
            continue
        at = _seconds(word.get("start"))
        when = when if at is None or at < 0 else at  # WhisperX leaves numbers without times
        out += [(piece, when) for piece in word["word"].split()]
    return tuple(out)
