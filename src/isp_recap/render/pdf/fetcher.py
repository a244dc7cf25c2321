"""The PDF writer's URL fetcher: the package's own assets and image files inside the event folder.

WeasyPrint's default fetcher follows `file://`, `../` and `http://` from any `<img>`, CSS `url()` or
`@import`, so an event file could make a PDF embed any readable file or call out to the network
(DESIGN §4). Rendering therefore goes through `url_fetcher`, which answers only two kinds of URL under
a virtual root and refuses everything else without fetching it:

    https://isp-recap.invalid/assets/fonts/NotoSans-Regular.ttf   the package's fonts and stylesheets
    https://isp-recap.invalid/assets/oblique/NotoSans-Regular.ttf an oblique face made from a font
    https://isp-recap.invalid/doc/charts/exports.png              a PNG or JPEG inside `doc.base_dir`

(`data:` URLs are decoded in memory and allowed; urllib's opener is never used.) The same
confinement rules (`read_figure`) are used by the web-page writer, which embeds figures as `data:`
URIs.

WeasyPrint is imported only when a fetcher is made, so importing this module stays cheap.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import os
import stat
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from ..assets import ASSETS_PREFIX, DOC_PREFIX, VIRTUAL_ROOT, RefusedResource, read_asset

LOGGER = logging.getLogger("isp_recap.render")

#: Largest file read from the event folder.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest image accepted, in pixels (a 20 MB PNG can decode to gigabytes: a decompression bomb).
MAX_IMAGE_PIXELS = 40_000_000

_IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def figure_url(base_dir: Path, path: Path) -> str:
    """The URL (relative to the virtual root) of a figure inside `base_dir`; refuses any other path."""
    relative = _relative_inside(base_dir, path)
    return DOC_PREFIX + "/".join(quote(p) for p in relative.parts)


def read_figure(base_dir: Path, path: Path) -> tuple[bytes, str]:
    """Bytes and MIME type of an image inside `base_dir`, after every check; raises `RefusedResource`.

    Checks: the path is relative to `base_dir` without `..`; its real path (symlinks resolved) stays
    inside the real `base_dir`; it is a regular file (not a device or FIFO) of at most 20 MB; its
    content (not its name) is a PNG or JPEG of at most `MAX_IMAGE_PIXELS` that decodes completely.
    """
    relative = _relative_inside(base_dir, path)
    data = _read_regular_file(base_dir, relative)
    return data, sniff_image(data, str(relative))


def sniff_image(data: bytes, name: str) -> str:
    """The MIME type of `data` if it is a complete PNG or JPEG of acceptable size; else refuse."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=tuple(_IMAGE_TYPES)) as img:
            fmt = img.format or ""
            width, height = img.size
            if width * height > MAX_IMAGE_PIXELS:
                raise RefusedResource(f"{name}: image of {width}x{height} pixels is too large")
            img.verify()  # chunk structure and checksums, up to the end marker
        with Image.open(io.BytesIO(data), formats=tuple(_IMAGE_TYPES)) as img:
            img.load()  # and decode it all: a corrupt image is refused here, not half-drawn in the PDF
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, RefusedResource):
            raise
        raise RefusedResource(f"{name}: not a valid PNG or JPEG image ({exc})") from exc
    if fmt not in _IMAGE_TYPES:
        raise RefusedResource(f"{name}: not a PNG or JPEG image")
    return _IMAGE_TYPES[fmt]


def _relative_inside(base_dir: Path, path: Path) -> PurePosixPath:
    """`path` as a clean relative path below `base_dir`, refusing absolute paths and `..`."""
    try:
        relative = path.relative_to(base_dir)
    except ValueError as exc:
        raise RefusedResource(f"{path}: outside the event folder") from exc
    parts = PurePosixPath(relative.as_posix()).parts
    if not parts or relative.is_absolute() or any(p in ("..", "") for p in parts):
        raise RefusedResource(f"{path}: not a path inside the event folder")
    return PurePosixPath(*parts)


def _read_regular_file(base_dir: Path, relative: PurePosixPath) -> bytes:
    root = base_dir.resolve(strict=True)
    real = (root / Path(*relative.parts)).resolve(strict=False)
    if not real.is_relative_to(root):
        raise RefusedResource(f"{relative}: leads outside the event folder")
    # O_NONBLOCK: opening a FIFO must not hang; fstat on the open descriptor then sees what was opened,
    # so a file swapped for a device between the checks is still refused.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise RefusedResource(f"{relative}: cannot be read ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RefusedResource(f"{relative}: not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise RefusedResource(f"{relative}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise RefusedResource(f"{relative}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


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


def resolve(url: str, base_dir: Path | None) -> tuple[bytes, str]:
    """Bytes and MIME type for a URL under the virtual root; raises `RefusedResource` for anything else."""
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
    if path.startswith(DOC_PREFIX):
        if base_dir is None:
            raise RefusedResource(f"no event folder to read {path!r} from")
        return read_figure(base_dir, base_dir / path[len(DOC_PREFIX):])
    raise RefusedResource(f"refused URL outside the memo: {url[:200]}")


@lru_cache(maxsize=1)
def _fetcher_class() -> type[Any]:
    from .weasy import import_weasyprint

    import_weasyprint()  # before any weasyprint import: see render.pdf.weasy
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MemoURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        """Serves package assets, images in the event folder and `data:` URLs; refuses the rest."""

        def __init__(self, base_dir: Path | None) -> None:
            # `fetch` answers everything itself; urllib's opener is never used (no protocol allowed).
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
            self.base_dir = base_dir
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            try:
                # data: URLs are decoded here, not by urllib: nothing of urllib's opener is used.
                data, mime = decode_data_url(url) if url[:5].lower() == "data:" else resolve(url, self.base_dir)
            except RefusedResource as exc:
                # Refused, logged and never fetched; WeasyPrint leaves the resource out and carries on.
                self.refused.append(url)
                LOGGER.warning("%s", exc)
                raise
            self.served.append(url)
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return MemoURLFetcher


def url_fetcher(base_dir: Path | None) -> Any:
    """A WeasyPrint `URLFetcher` confined to the package's assets and the images in `base_dir`.

    Its `served` and `refused` attributes list the URLs it answered and refused (for the caller to
    report, and for tests).
    """
    return _fetcher_class()(base_dir)
