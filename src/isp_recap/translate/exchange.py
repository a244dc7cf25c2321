"""What the exchange formats share: where the event is, and the result of reading a file back."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Language
from .units import IncomingUnit


@dataclass
class Incoming:
    """A translator's file, read: its units, the event it names, and what was wrong with it."""

    path: str
    units: list[IncomingUnit] = field(default_factory=list)
    event: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The language the file translates into (`my`, or `en` for Burmese-only texts).
    target: Language = "my"


def event_reference(event_path: Path, out_path: Path | None) -> str:
    """How an exchange file names its event: relative to the exchange file's folder, with `/`."""
    base = out_path.resolve().parent if out_path else Path.cwd()
    try:
        rel = os.path.relpath(event_path.resolve(), base)
    except ValueError:  # another drive on Windows
        rel = str(event_path.resolve())
    return Path(rel).as_posix()


def header_lines(title: str, target: Language = "my") -> list[str]:
    """The explanation at the top of an exported file, for the translator."""
    title = " ".join(title.split())  # a comment line must stay one line
    language = "Burmese" if target == "my" else "English"
    return [
        f"{language} translation of the recap memo \u201c{title}\u201d (isp-recap).",
        "Each entry is one paragraph or field of the event file; its id (msgctxt) is its path there.",
        "Fuzzy entries (XLIFF: state translated) are drafts; unmark them once the translation is reviewed.",
        "Keep the markup as it is: **strong**, *emphasis*, [link text](https://...).",
    ]


def damaged_fingerprint(path: str, line: int, unit_id: str) -> Diagnostic:
    """A unit whose export fingerprint a tool has changed: it is imported as if it had none."""
    return Diagnostic(path, line, 1, "damaged-fingerprint",
                      f"the export fingerprint of {unit_id!r} is damaged; changes made in the event since the "
                      "export cannot be detected for it", severity="warning",
                      hint="keep the isp-recap-fingerprint comments as exported")
