"""Who speaks: names written in a transcript matched to the people declared in the event.

A name matches a person by id (`nan-lwin`), by name in either language (`Nan Lwin`, `NAN LWIN`,
`နန်းလွင်`) or through an alias (`--alias 'Dr Nan=nan-lwin'`). Case, spaces, hyphens, dots and a
leading title (Dr, Mr, Ms, U, Daw, ...) do not matter. The alias target `-` says "this is not a
speaker": the label is put back into the text. A name that matches no one is an error with its
positions and a suggestion; names are never invented, except for a new skeleton event, where each
name becomes a new person and is reported.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..diagnostics import Diagnostic
from .cues import Cue, clean

NOT_A_SPEAKER = "-"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_IGNORED = re.compile(r"[\s\-._'’,:*\"“”()]+")
_TITLES = frozenset({"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "u", "daw",
                     "saya", "sayama", "ko", "ma", "sao", "nang"})


def name_key(name: str) -> str:
    """The form names are compared in: NFC, case-folded, no spaces or punctuation, no leading title."""
    words = unicodedata.normalize("NFC", name).casefold().split()
    if len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return _IGNORED.sub("", "".join(words))


def slug(name: str) -> str:
    """An id made from a name (`Nan Lwin` -> `nan-lwin`); empty when the name has no Latin letters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:64].strip("-")


@dataclass
class SpeakerTable:
    """Declared people (id and names) and aliases, for resolving names found in transcripts."""

    names: dict[str, str] = field(default_factory=dict)  # id -> display name
    _keys: dict[str, set[str]] = field(default_factory=dict)  # name key -> ids
    _aliases: dict[str, str] = field(default_factory=dict)  # name key -> id or NOT_A_SPEAKER
    created: list[tuple[str, str]] = field(default_factory=list)  # (id, name) made for a skeleton

    @classmethod
    def build(cls, people: Iterable[tuple[str, Iterable[str | None]]],
              aliases: Mapping[str, str] | None = None) -> SpeakerTable:
        """A table of people given as (id, names) and aliases as {name: id}."""
        table = cls()
        for person_id, names in people:
            table.declare(person_id, [n for n in names if n])
        for alias, target in (aliases or {}).items():
            table._aliases[name_key(alias)] = target
        return table

    def declare(self, person_id: str, names: list[str]) -> None:
        """Add a person."""
        self.names.setdefault(person_id, names[0] if names else person_id)
        for n in [person_id, *names]:
            self._keys.setdefault(name_key(n), set()).add(person_id)

    def resolve(self, name: str) -> set[str]:
        """The ids a name may refer to: one when it resolves, none or several when it does not."""
        key = name_key(name)
        if key in self._aliases:
            return {self._aliases[key]}
        return set(self._keys.get(key, set()))

    def is_name(self, name: str) -> bool:
        """True when `name` is a known person or alias (used to recognise bare speaker headings)."""
        return len(self.resolve(name)) == 1

    def suggest(self, name: str) -> str | None:
        """The id of the declared person a mistyped or partial name most likely means."""
        key = name_key(name)
        if not key:
            return None
        ids_by_key = {k: next(iter(v)) for k, v in self._keys.items() if len(v) == 1}
        close = difflib.get_close_matches(key, list(ids_by_key), n=1, cutoff=0.75)
        if close:
            return ids_by_key[close[0]]
        words = {name_key(w) for w in name.split() if len(name_key(w)) > 1}
        partial = {pid for pid, shown in self.names.items() if words & {name_key(w) for w in shown.split()}}
        return next(iter(partial)) if len(partial) == 1 else None

    def create(self, name: str) -> str:
        """Declare a new person for `name` (skeleton events only) and return the new id."""
        if name.isupper() and name.isascii():
            name = name.title()  # SU LIN HAN, as subtitles shout it -> Su Lin Han
        base = slug(name) or "speaker"
        person_id, n = base, 1
        while person_id in self.names:
            n += 1
            person_id = f"{base}-{n}"
        self.declare(person_id, [name])
        self.created.append((person_id, name))
        return person_id


@dataclass(frozen=True)
class Attributed:
    """A cue with the id of its speaker."""

    cue: Cue
    speaker: str


def attribute(cues: list[Cue], path: str, table: SpeakerTable, *, default: str | None = None,
              create: bool = False) -> tuple[list[Attributed], list[Diagnostic]]:
    """Give every cue a declared speaker: its own label resolved, or the previous cue's speaker."""
    diags: list[Diagnostic] = []
    unresolved: dict[str, list[Cue]] = {}
    ambiguous: dict[str, tuple[Cue, set[str]]] = {}
    out: list[Attributed] = []
    current = default
    blocked = False  # after an unknown name: its cues are not given to anyone
    orphans: list[Cue] = []
    for cue in cues:
        name = cue.speaker
        if name is not None:
            ids = table.resolve(name)
            if not ids and create:
                ids = {table.create(name)}
            if ids == {NOT_A_SPEAKER}:
                cue = replace(cue, text=clean(cue.label + cue.text), speaker=None)
            elif len(ids) == 1:
                current, blocked = next(iter(ids)), False
            else:
                if ids:
                    ambiguous.setdefault(name, (cue, ids))
                else:
                    unresolved.setdefault(name, []).append(cue)
                current, blocked = None, True
                continue
        if current is None:
            if not blocked and cue.text and not cue.filler:
                orphans.append(cue)
            continue
        if cue.text:
            out.append(Attributed(cue, current))
    for name, found in unresolved.items():
        diags.append(_unresolved(path, name, found, table))
    for name, (cue, ids) in ambiguous.items():
        diags.append(Diagnostic(path, cue.speaker_line or cue.line, cue.speaker_col, "ambiguous-speaker",
                                f"speaker {name!r} matches several people: {', '.join(sorted(ids))}",
                                hint=f"choose one with --alias '{name}=ID'"))
    if orphans:
        first = orphans[0]
        diags.append(Diagnostic(path, first.line, first.col, "no-speaker",
                                f"{len(orphans)} cue(s) have no speaker: no speaker is named before them",
                                hint="name the speaker in the file, or give --speaker ID"))
    return out, diags


def _unresolved(path: str, name: str, found: list[Cue], table: SpeakerTable) -> Diagnostic:
    first = found[0]
    others = [c.speaker_line or c.line for c in found[1:]]
    message = f"speaker {name!r} is not declared in the event's people"
    if others:
        shown = ", ".join(str(n) for n in others[:8])
        more = f" and {len(others) - 8} more" if len(others) > 8 else ""
        message += f" (also at lines {shown}{more})"
    suggestion = table.suggest(name)
    if suggestion:
        message += f"; did you mean {suggestion!r} ({table.names[suggestion]})?"
        hint = f"add --alias '{name}={suggestion}', or declare the person under people:"
    else:
        hint = (f"declare the person under people:, map the name with --alias '{name}=ID', "
                f"or --alias '{name}=-' if it is not a speaker")
    return Diagnostic(path, first.speaker_line or first.line, first.speaker_col or 1, "unknown-speaker",
                      message, hint=hint)


def parse_alias(value: str) -> tuple[str, str] | None:
    """`'Name=id'` as (name, id); None when malformed."""
    name, sep, target = value.rpartition("=")
    name, target = name.strip(), target.strip()
    if not sep or not name or not (target == NOT_A_SPEAKER or ID_PATTERN.match(target)):
        return None
    return name, target
