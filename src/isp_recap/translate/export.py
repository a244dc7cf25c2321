"""`translate export` as a library call: the exchange file (PO or XLIFF 2.0) of an event's texts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .units import Unit

ExchangeFormat = Literal["po", "xliff"]


@dataclass
class Export:
    """An exchange file's bytes and the units in it."""

    data: bytes
    units: list[Unit]

    @property
    def untranslated(self) -> int:
        """Units with no Burmese yet."""
        return sum(1 for u in self.units if not u.target)

    @property
    def drafts(self) -> int:
        """Units whose Burmese is a draft."""
        return sum(1 for u in self.units if u.target and u.status == "draft")


def export_event(event: Path, fmt: ExchangeFormat = "po", todo_only: bool = False,
                 out_path: Path | None = None) -> Export:
    """Load `event` and make its exchange file; `todo_only` keeps only missing and draft texts.

    `out_path` is where the file will be written (references to the event are relative to it).
    Raises `IspRecapError` when the event cannot be read.
    """
    from ..source.loader import load_event_with_positions
    from .units import units_of

    memo, positions = load_event_with_positions(event)
    units = units_of(memo, positions)
    if todo_only:
        units = [u for u in units if not u.target or u.status == "draft"]
    if fmt == "po":
        from .exchange_po import export_po

        return Export(export_po(memo, units, event, out_path), units)
    from .exchange_xliff import export_xliff

    return Export(export_xliff(memo, units, event, out_path), units)
