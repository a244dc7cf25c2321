"""`translate export` as a library call: the exchange file (PO or XLIFF 2.0) of an event's texts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import Language
from .units import Unit

ExchangeFormat = Literal["po", "xliff"]


@dataclass
class Export:
    """An exchange file's bytes and the units in it."""

    data: bytes
    units: list[Unit]
    #: Texts left out because they are translated the other way (Burmese-only texts in an export to
    #: Burmese, texts with English in an export to English).
    other_direction: int = 0

    @property
    def untranslated(self) -> int:
        """Units with no translation yet."""
        return sum(1 for u in self.units if not u.target)

    @property
    def drafts(self) -> int:
        """Units whose translation is a draft."""
        return sum(1 for u in self.units if u.target and u.status == "draft")


def export_event(event: Path, fmt: ExchangeFormat = "po", todo_only: bool = False,
                 out_path: Path | None = None, to: Language = "my") -> Export:
    """Load `event` and make its exchange file; `todo_only` keeps only missing and draft texts.

    `to` is the language translated into: `my` (the texts written in English) or `en` (the texts
    that exist only in Burmese, such as an imported Burmese transcript). One file holds one
    direction, as PO and XLIFF 2.0 files have one source and one target language.
    `out_path` is where the file will be written (references to the event are relative to it).
    Raises `IspRecapError` when the event cannot be read.
    """
    from ..source.loader import load_event_with_positions
    from .units import units_of

    memo, positions = load_event_with_positions(event)
    every = units_of(memo, positions)
    units = [u for u in every if u.target_language == to]
    other = len(every) - len(units)
    if todo_only:
        units = [u for u in units if not u.target or u.status == "draft"]
    if fmt == "po":
        from .exchange_po import export_po

        return Export(export_po(memo, units, event, out_path, target=to), units, other)
    from .exchange_xliff import export_xliff

    return Export(export_xliff(memo, units, event, out_path, target=to), units, other)
