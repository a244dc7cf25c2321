"""`theme.yaml`: what an organisation may change about the memo's look (pydantic models are the schema)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..model.text import Strict

#: A colour as CSS and Word both write it: `#rrggbb`.
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
#: A file inside the theme folder, by a relative path with forward slashes.
ThemeFile = Annotated[str, Field(min_length=1, max_length=300)]


class PerLanguageFile(Strict):
    """A file that differs by edition language (a logo with the name in Burmese, say)."""

    en: ThemeFile
    my: ThemeFile | None = None


class Colours(Strict):
    """The palette. Every colour is optional: one left out keeps the package's own."""

    primary: Colour | None = Field(None, description="Cover band, headings, rules, links (package: #8f1d2c).")
    accent: Colour | None = Field(
        None, description="Second colour: cover rule, written-answer bars (package: #d9a441).")
    mapping: Colour | None = Field(None, description="Data cards of the mapping series (package: #2f6f5e).")
    card_background: Colour | None = Field(None, description="Data-card boxes (package: #f5f0e8).")
    question_background: Colour | None = Field(None, description="Audience questions (package: #edf1f4).")
    text: Colour | None = Field(None, description="Running text (package: #1f1f1f).")


class FontFaces(Strict):
    """One script's typeface: TrueType or OpenType files in the theme folder."""

    family: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9 _-]+$")]
    regular: ThemeFile
    bold: ThemeFile | None = None


class Fonts(Strict):
    """Typefaces per script; a script left out keeps the shipped Noto face."""

    latin: FontFaces | None = None
    myanmar: FontFaces | None = None


class Page(Strict):
    """The printed page."""

    size: Literal["A4", "letter"] = Field("A4", description="The paper: A4 (the package's) or US letter.")
    margin_mm: Annotated[float, Field(ge=10, le=30)] = Field(
        20.0, description="Left and right page margin in millimetres (top and bottom follow: +4 and +2).")


class Theme(Strict):
    """A theme folder's `theme.yaml`."""

    format: Literal["isp-recap/theme 1"]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    logo: ThemeFile | PerLanguageFile | None = Field(
        None, description="PNG, JPEG or SVG (sanitised: shapes only) shown on the cover and the back page; "
                          "per language as {en: ..., my: ...}.")
    colours: Colours = Colours()
    fonts: Fonts = Fonts()
    page: Page = Page()
