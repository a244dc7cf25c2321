"""Speaker labels written in the text: `NAN LWIN: Hello`, `>> Su Lin Han: ...`, `[00:12:31] Kaung San: ...`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..myanmar.script import CHAR_CLASS
from .cues import ends_sentence, parse_time

NameTest = Callable[[str], bool]

_MY = CHAR_CLASS
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|la|le|bin|binti|al|el)"
# A name: 1-6 capitalised words (letters, dots, apostrophes, hyphens), a Burmese name, or an id.
_LATIN_NAME = rf"(?:[A-Z][\w.'’-]*)(?:[ \t]+(?:[A-Z][\w.'’-]*|{_PARTICLE}))*"
_NAME = rf"(?:{_LATIN_NAME}|[{_MY}][{_MY} \t]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
_TIMEVAL = r"-?\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_STAMP = rf"(?:\[(?P<t1>{_TIMEVAL})\]|(?P<t2>-?\d{{1,3}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?))"
_LABEL = re.compile(
    rf"^(?P<lead>[ \t]*(?:{_STAMP}[ \t]+)?(?:(?:>>|-)[ \t]*)?(?:\*\*)?)(?P<name>{_NAME})"
    rf"[ \t]*(?:\*\*[ \t]*:|:[ \t]*\*\*|:)(?:[ \t]+|$)(?P<rest>.*)$"
)
_LEADING_STAMP = re.compile(rf"^[ \t]*{_STAMP}[ \t]*")
_HEADING = re.compile(
    rf"^[ \t]*(?:#{{1,6}}[ \t]+)?(?:\*\*)?(?P<name>{_NAME})[ \t]*:?[ \t]*(?:\*\*)?[ \t]*:?[ \t]*"
    rf"(?:\(?(?P<t>{_TIMEVAL})\)?)?[ \t]*$"
)
_MAX_NAME = 60


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a line."""

    name: str
    rest: str
    col: int  # 1-based column of the name
    raw: str  # the label as written, to put back if it is not a speaker after all
    time: int | None = None


def _time(value: str | None) -> int | None:
    return None if value is None else parse_time(value)


def leading_time(line: str) -> tuple[int | None, str]:
    """A `[00:12:31]` or `00:12:31.200` stamp at the start of a line, and the rest of the line."""
    m = _LEADING_STAMP.match(line)
    if not m:
        return None, line
    return _time(m.group("t1") or m.group("t2")), line[m.end():]


def _name(m: re.Match[str] | None) -> str | None:
    """The speaker name a label or heading matched, spaces collapsed; None if it is too long to be one."""
    if m is None:
        return None
    name = " ".join(m.group("name").split())
    return None if len(name) > _MAX_NAME or len(name.split()) > 6 else name


def find_label(line: str) -> Label | None:
    """The speaker label a line starts with (`Name: text`, `>> NAME: text`, `**Name:** text`), if any."""
    m = _LABEL.match(line)
    name = _name(m)
    if m is None or name is None:
        return None
    groups = m.groupdict()
    stamp = _time(groups.get("t1") or groups.get("t2"))
    rest = m.group("rest")
    raw = line[: len(line) - len(rest)] if rest else line
    return Label(name=name, rest=rest.strip(), col=m.start("name") + 1, raw=raw.strip() + " ", time=stamp)


def find_heading(line: str) -> tuple[str, int | None] | None:
    """A line that is only a name (`Nan Lwin`, `## Nan Lwin`, `**Nan Lwin**`, `Nan Lwin  0:05`), and its time."""
    m = _HEADING.match(line)
    name = _name(m)
    if m is None or name is None:
        return None
    return name, _time(m.group("t"))


def explicit_heading(line: str) -> bool:
    """True when the line is marked as a heading by its form (`# Name`, `**Name**`, `Name:` alone)."""
    stripped = line.strip()
    return stripped.startswith("#") or (stripped.startswith("**") and stripped.endswith("**")) \
        or stripped.endswith(":")


def plausible(label: Label, previous: str, is_name: NameTest | None = None) -> bool:
    """Whether a label found at a line start names a speaker, given the text just before it.

    A known name or an ALL-CAPS name always does; otherwise only where a new speaker can start: at
    the beginning, or after a sentence end or a break-off (`—`, `--`). So the subtitle line
    `Earth: Cries Behind ...`, which continues `... the topic: "Myanmar's Rare`, is text.
    """
    if is_name is not None and is_name(label.name):
        return True
    letters = [ch for ch in label.name if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters if ch.isascii()) and \
            any(ch.isascii() for ch in letters):
        return True
    previous = previous.rstrip()
    return not previous or ends_sentence(previous) or previous.endswith(("—", "–", "--"))
