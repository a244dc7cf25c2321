"""The package's own assets the writers may use (fonts, stylesheets) and their URLs in print HTML.

The print HTML names every resource by a URL under a virtual root, which the PDF writer's confined
fetcher (`render.pdf.fetcher`) answers; nothing else is ever fetched:

    https://isp-recap.invalid/assets/fonts/NotoSans-Regular.ttf   the package's fonts and stylesheets
    https://isp-recap.invalid/assets/oblique/NotoSans-Regular.ttf an oblique face made from a font
    https://isp-recap.invalid/doc/charts/exports.png              a figure of the Document
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from ..document.nodes import DataCardBlock, Document, Figure
from ..resources import render_data
from .fonts import FONTS, oblique_font

#: The virtual root every relative URL of a print document resolves against. `.invalid` is a reserved
#: top-level domain (RFC 2606): even a fetcher that escaped our control could never resolve it.
VIRTUAL_ROOT = "https://isp-recap.invalid/"
ASSETS_PREFIX = "assets/"
DOC_PREFIX = "doc/"

#: Package assets that may be served: folder -> allowed file suffixes. `oblique/X.ttf` is an oblique
#: face made from `fonts/X.ttf` (see `fonts.oblique_font`).
_ASSET_FOLDERS = {"fonts": (".ttf",), "templates": (".css",), "oblique": (".ttf",)}


class RefusedResource(ValueError):
    """A URL or file the renderers will not read. WeasyPrint logs it and renders without it."""


def asset_url(*parts: str) -> str:
    """The URL (relative to the virtual root) of a package asset, e.g. `asset_url("fonts", "X.ttf")`."""
    return ASSETS_PREFIX + "/".join(quote(p) for p in parts)


def figure_url(figure: Figure) -> str:
    """The URL (relative to the virtual root) the print HTML names a figure by: `doc/` + its name."""
    return DOC_PREFIX + "/".join(quote(p) for p in PurePosixPath(figure.name).parts)


def figures(doc: Document) -> dict[str, Figure]:
    """The figures of `doc` by their URL (relative to the virtual root), for the fetcher to serve."""
    return {figure_url(f): f for b in doc.blocks if isinstance(b, DataCardBlock) for f in b.pictures}


def read_asset(relative: str) -> bytes:
    """Read a package asset named by its path below `render/` (`fonts/X.ttf`, `templates/memo.css`)."""
    parts = PurePosixPath(relative).parts
    if len(parts) != 2 or parts[0] not in _ASSET_FOLDERS or not parts[1].endswith(_ASSET_FOLDERS[parts[0]]):
        raise RefusedResource(f"not a package asset: {relative!r}")
    if parts[1].startswith(".") or "\\" in parts[1]:
        raise RefusedResource(f"not a package asset: {relative!r}")
    if parts[0] == "oblique":
        if parts[1] not in {f.file for f in FONTS if f.family == "Noto Sans"}:
            raise RefusedResource(f"not a package asset: {relative!r}")
        return oblique_font(parts[1])
    return render_data(*parts).read_bytes()
