"""Labels of the memo ("Host", "Q&A", "Note", ...) from gettext catalogs in `locales/`.

Catalogs are read from the PO files with Babel (no compile step is needed to build a memo);
a malformed catalog is an error with its file and line, never a silent fallback.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..diagnostics import Diagnostic, IspRecapError
from ..resources import locales_dir

DOMAIN = "isp_recap"
MAX_PO_BYTES = 2 * 1024 * 1024


def N_(msgid: str) -> str:
    """Mark a label for extraction into the catalogs without translating it here (gettext_noop)."""
    return msgid


@dataclass(frozen=True)
class Labels:
    """The translated labels of one language."""

    language: str
    messages: dict[str, str] = field(default_factory=dict)
    source: Path | None = None

    def __call__(self, msgid: str, **values: object) -> str:
        """The translation of `msgid` (or `msgid` itself), with `{name}` placeholders filled in."""
        text = self.messages.get(msgid) or msgid
        if not values:
            return text
        if placeholders(text) != placeholders(msgid):
            # A translator's broken or extra placeholder ("{year.__class__}" reads attributes of the
            # value) must neither stop a build nor run: `locales check` reports it, the label is English.
            text = msgid
        try:
            return text.format_map(values)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return msgid.format_map(values)


def catalog_path(language: str, root: Path | None = None) -> Path:
    """Where the PO catalog of `language` lives."""
    return (root or locales_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_labels(language: str, root: Path | None = None) -> Labels:
    """Labels for `language` from `root` (default: the project's `locales/`)."""
    path = catalog_path(language, root)
    _confined(path, root)
    if not path.is_file():
        if language == "en":
            return Labels("en")
        raise IspRecapError([Diagnostic(str(path), 0, 0, "missing-catalog",
                                        f"no label catalog for language {language!r}",
                                        hint=f"create it with `isp-recap locales init {language}`")])
    stat = path.stat()
    return _load(str(path), language, stat.st_mtime_ns, stat.st_size)


def _confined(path: Path, root: Path | None) -> None:
    """Refuse a catalog under `root` that links to a file outside it (it would be read, and quoted)."""
    if root is not None and path.exists() and not path.resolve().is_relative_to(root.resolve()):
        raise IspRecapError([Diagnostic(str(path), 0, 0, "outside-folder",
                                        "the catalog is a link to a file outside the locales folder; "
                                        "copy the file there instead")])


def catalog_bytes(language: str, root: Path | None = None) -> bytes:
    """The bytes of a language's catalog (b"" if it has none), read bounded; for fingerprints."""
    from ..fsio import read_input

    path = catalog_path(language, root)
    _confined(path, root)
    if not path.exists():
        return b""
    return read_input(path, "catalog", MAX_PO_BYTES, root=root)


@lru_cache(maxsize=32)
def _load(path: str, language: str, _mtime: int, size: int) -> Labels:

    from ..fsio import read_input
    from .posyntax import parse_po

    # Bounded, and a regular file still (it may have been swapped for a FIFO since the stat); then the
    # one strict PO reader, the same `locales check` uses (duplicates, truncated lines, plural forms).
    catalog = parse_po(read_input(path, "catalog", MAX_PO_BYTES), path)
    messages: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            messages[message.id] = message.string
    return Labels(language, messages, Path(path))


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders in a message."""
    names = set()
    try:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None:
                names.add(name)
    except ValueError:
        names.add("<malformed>")
    return names
