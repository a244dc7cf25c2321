"""WebVTT cue text parsed as the specification's cue text parsing rules parse it, reduced to what is said.

The tokenizer and tree builder follow https://w3c.github.io/webvtt/#cue-text-parsing-rules: `<c>`,
`<i>`, `<b>`, `<u>`, `<ruby>`/`<rt>`, `<v Name>` and `<lang xx>` spans, timestamp tags
(`<00:00:01.700>`) and character references; unknown tags are ignored and their text kept. What
the import needs of the tree is flat: runs of text with the voice speaking them, the time of the
last timestamp tag before them (karaoke-style word times, as in YouTube's auto-captions) and
whether they are ruby text (`<rt>`, a reading aid, not spoken).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .vtt_blocks import parse_timestamp

_TAG_WHITESPACE = "\t\n\x0c "
_KNOWN = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})


@dataclass(frozen=True)
class Run:
    """A stretch of cue text: its characters (LF between cue lines kept), voice, time and ruby flag.

    `voice_at` is the offset in the cue text of the `<v>` tag that named the voice (-1: no voice).
    `time` is the timestamp tag in effect (None: the cue's start).
    """

    text: str
    voice: str | None
    voice_at: int
    time: int | None
    ruby_text: bool


@dataclass(frozen=True)
class _Token:
    kind: str  # "text", "start", "end", "time"
    value: str  # text, tag name or timestamp
    annotation: str
    offset: int


def tokenize(text: str) -> list[_Token]:
    """The cue text as tokens (text with character references decoded, start/end tags, timestamps)."""
    tokens: list[_Token] = []
    pos, n = 0, len(text)
    while pos < n:
        if text[pos] != "<":
            stop = text.find("<", pos)
            stop = n if stop < 0 else stop
            tokens.append(_Token("text", html.unescape(text[pos:stop]), "", pos))
            pos = stop
            continue
        start = pos
        stop = text.find(">", pos + 1)
        body = text[pos + 1:] if stop < 0 else text[pos + 1:stop]
        pos = n if stop < 0 else stop + 1
        if body.startswith("/"):
            tokens.append(_Token("end", body[1:], "", start))
        elif body[:1].isdigit() and body[:1].isascii():
            tokens.append(_Token("time", body, "", start))
        else:
            # start tag: name, then .classes, then (after whitespace) the annotation
            cut = next((i for i, ch in enumerate(body) if ch in _TAG_WHITESPACE), len(body))
            head, annotation = body[:cut], body[cut + 1:] if cut < len(body) else ""
            name = head.split(".", 1)[0]
            tokens.append(_Token("start", name, " ".join(annotation.split()), start))
    return tokens


def runs(text: str) -> list[Run]:
    """The text of a cue as runs, in order, after building the specification's tree of spans."""
    # The tree is represented by the stack of open elements: (name, voice, voice_at).
    stack: list[tuple[str, str | None, int]] = []
    out: list[Run] = []
    time: int | None = None
    for token in tokenize(text):
        if token.kind == "text":
            voice, voice_at = next(((v, at) for name, v, at in reversed(stack) if name == "v"), (None, -1))
            in_rt = any(name == "rt" for name, _, _ in stack)
            if token.value:
                out.append(Run(token.value, voice, voice_at, time, in_rt))
        elif token.kind == "start":
            name = token.value
            if name not in _KNOWN or (name == "rt" and (not stack or stack[-1][0] != "ruby")):
                continue
            stack.append((name, html.unescape(token.annotation) if name == "v" else None, token.offset))
        elif token.kind == "end":
            if stack and stack[-1][0] == token.value:
                stack.pop()
            elif token.value == "ruby" and len(stack) >= 2 and stack[-1][0] == "rt":
                del stack[-2:]
        else:
            got = parse_timestamp(token.value)
            if got is not None and got[1] == len(token.value):
                time = got[0]
    return out


def plain_text(text: str) -> str:
    """What a cue says, without markup or ruby text (line feeds between cue lines kept)."""
    return "".join(r.text for r in runs(text) if not r.ruby_text)
