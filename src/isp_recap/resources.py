"""Where the package's own data lives: locale catalogs, templates, fonts, the reference .docx."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def locales_dir() -> Path:
    """The `locales/` folder: inside an installed wheel, or at the top of a source checkout."""
    inside = PACKAGE / "locales"
    if inside.is_dir():
        return inside
    return PACKAGE.parent.parent / "locales"


def render_data(*parts: str) -> Path:
    """A file shipped with the renderers (templates, fonts, reference.docx)."""
    return PACKAGE.joinpath("render", *parts)
