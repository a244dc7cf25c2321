"""The PDF writer's URL fetcher: the package's own assets and the Document's figures, nothing else.

WeasyPrint's default fetcher follows `file://`, `../` and `http://` from any `<img>`, CSS `url()` or
`@import`, so an event file could make a PDF embed any readable file or call out to the network
(DESIGN §4). Rendering therefore goes through `url_fetcher`, which answers only two kinds of URL under
a virtual root (see `render.assets`) and refuses everything else without fetching it:

    https://isp-recap.invalid/assets/fonts/NotoSans-Regular.ttf   the package's fonts and stylesheets
    https://isp-recap.invalid/assets/oblique/NotoSans-Regular.ttf an oblique face made from a font
    https://isp-recap.invalid/doc/charts/exports.png              a figure of the Document, from memory

(`data:` URLs are decoded in memory and allowed; urllib's opener is never used.) No file of the event
folder is opened here: the builder has read and checked every figure, and the fetcher serves the
bytes the Document holds.

WeasyPrint is imported only when a fetcher is made, so importing this module stays cheap.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from ...document.nodes import Figure
from ..assets import ASSETS_PREFIX, VIRTUAL_ROOT, RefusedResource, read_asset

LOGGER = logging.getLogger("isp_recap.render")


def decode_data_url(url: str) -> tuple[bytes, str]:
    """Bytes and MIME type of a `data:` URL, decoded in memory (nothing is opened or fetched)."""
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise RefusedResource("malformed data: URL")
    params = header.split(";")
    mime = params[0].strip() or "text/plain"
    raw = unquote_to_bytes(payload)
    if "base64" in (p.strip().lower() for p in params[1:]):
        try:
            return base64.b64decode(raw, validate=False), mime
        except binascii.Error as exc:
            raise RefusedResource("malformed data: URL") from exc
    return raw, mime


def resolve(url: str, figures: Mapping[str, Figure]) -> tuple[bytes, str]:
    """Bytes and MIME type for a URL under the virtual root; raises `RefusedResource` for anything else.

    `figures` maps the URL of each figure (relative to the virtual root, see `assets.figures`) to it.
    """
    if not url.startswith(VIRTUAL_ROOT):
        raise RefusedResource(f"refused URL outside the memo: {url[:200]}")
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise RefusedResource(f"refused URL with a query or fragment: {url[:200]}")
    path = unquote(parts.path).lstrip("/")
    if path.startswith(ASSETS_PREFIX):
        relative = path[len(ASSETS_PREFIX):]
        data = read_asset(relative)
        mime = "text/css" if relative.endswith(".css") else "font/ttf"
        return data, mime
    figure = {unquote(name): f for name, f in figures.items()}.get(path)
    if figure is not None:
        return figure.data, figure.mime
    raise RefusedResource(f"refused URL outside the memo: {url[:200]}")


@lru_cache(maxsize=1)
def _fetcher_class() -> type[Any]:
    from .weasy import import_weasyprint

    import_weasyprint()  # before any weasyprint import: see render.pdf.weasy
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MemoURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        """Serves package assets, the Document's figures and `data:` URLs; refuses the rest."""

        def __init__(self, figures: Mapping[str, Figure]) -> None:
            # `fetch` answers everything itself; urllib's opener is never used (no protocol allowed).
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
            self.figures = dict(figures)
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            try:
                # data: URLs are decoded here, not by urllib: nothing of urllib's opener is used.
                data, mime = decode_data_url(url) if url[:5].lower() == "data:" else resolve(url, self.figures)
            except RefusedResource as exc:
                # Refused, logged and never fetched; WeasyPrint leaves the resource out and carries on.
                self.refused.append(url)
                LOGGER.warning("%s", exc)
                raise
            self.served.append(url)
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return MemoURLFetcher


def url_fetcher(figures: Mapping[str, Figure] | None = None) -> Any:
    """A WeasyPrint `URLFetcher` confined to the package's assets and `figures` (see `assets.figures`).

    Its `served` and `refused` attributes list the URLs it answered and refused (for the caller to
    report, and for tests).
    """
    return _fetcher_class()(figures or {})
