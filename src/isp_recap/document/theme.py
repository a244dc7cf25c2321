"""What an edition takes from an organisation's theme: plain data the writers lay out.

`theme.load_theme` reads and checks the theme folder; `edition_theme` picks what one edition needs
(the logo of its language, the stylesheets of its languages). Writers never read a theme file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..theme.load import LoadedTheme


@dataclass(frozen=True)
class ThemeImage:
    """A decoded, verified PNG or JPEG of the theme, or a sanitised SVG with a PNG drawn from it.

    `width` and `height` are pixels of the PNG/JPEG, or of `raster` for an SVG; `raster` is what a
    format that cannot draw SVG (Word) shows.
    """

    data: bytes
    mime: str
    width: int
    height: int
    raster: bytes | None = None

    @property
    def bitmap(self) -> bytes:
        """A PNG or JPEG of the image: the file itself, or the PNG drawn from an SVG."""
        return self.raster if self.raster is not None else self.data


@dataclass(frozen=True)
class ThemeFont:
    """One face of a theme's typeface, checked for embedding permission and coverage."""

    script: str  # "latin" or "myanmar"
    family: str
    weight: int
    data: bytes
    path: str
    cmap: frozenset[int] = field(repr=False)


@dataclass(frozen=True)
class ThemeTemplate:
    """A template partial overriding one kind of block: its source and the file it came from."""

    name: str
    path: str
    source: str


@dataclass(frozen=True)
class DocumentTheme:
    """The theme as one edition uses it."""

    name: str
    colours: dict[str, str]  # role (primary, accent, ...) -> "#rrggbb"; only the roles the theme sets
    logo: ThemeImage | None
    fonts: tuple[ThemeFont, ...]
    page_size: str
    margin_mm: float
    stylesheets: tuple[str, ...]  # memo.css, then memo.<lang>.css of each edition language; url()s inlined
    templates: dict[str, ThemeTemplate]

    def family(self, script: str) -> str | None:
        """The theme's family name for `script` ("latin", "myanmar"), or None to keep the shipped one."""
        return next((f.family for f in self.fonts if f.script == script), None)


def edition_theme(theme: LoadedTheme, languages: tuple[str, ...]) -> DocumentTheme:
    """What an edition in `languages` (the first is its main language) needs of `theme`."""
    main = "my" if languages == ("my",) else "en"
    colours = {k: v for k, v in theme.theme.colours.model_dump().items() if v}
    sheets = tuple(theme.css[k] for k in ("", *languages) if k in theme.css)
    return DocumentTheme(
        name=theme.theme.name, colours=colours, logo=theme.logos.get(main), fonts=theme.fonts,
        page_size=theme.theme.page.size, margin_mm=theme.theme.page.margin_mm,
        stylesheets=sheets, templates=dict(theme.templates),
    )
