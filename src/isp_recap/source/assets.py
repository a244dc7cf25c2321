"""Files an event refers to (data-card images): confined to the event's folder and verified.

`read_image` is the one place an image of an event is read, bounded and decoded: the loader calls
it to report a bad image at its line, the builder to put the image into the Document (writers never
open a file). A decoded image is kept, keyed by the file's identity (device, inode, size, time), so
the builder's call after the loader's costs nothing and a file changed in between is read afresh.
"""

from __future__ import annotations

import os
import stat
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..model import Memo
from .yaml_tree import Loc, Positions

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # ~ 8000 x 5000; more is a decompression bomb for a memo
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg"}
MIME_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
#: Decoded images kept for the builder, at most this many bytes in all.
CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ImageFile:
    """An image that passed every check: its bytes (a complete PNG or JPEG), MIME type and size in pixels."""

    data: bytes
    mime: str
    width: int
    height: int

    @property
    def format(self) -> str:
        """`png` or `jpeg`."""
        return "png" if self.mime == "image/png" else "jpeg"


class AssetError(ValueError):
    """A referenced file that may not be used; the message says why."""


def resolve_inside(base_dir: Path, relative: str) -> Path:
    """Resolve `relative` against `base_dir`, refusing anything that leads outside it.

    Refused: absolute paths, `..` escapes, symlinks pointing out, and anything but a regular file.
    """
    if "\\" in relative or "\x00" in relative:
        raise AssetError("use forward slashes and plain characters in paths")
    candidate = Path(relative)
    if not candidate.parts:  # "." or "./": the folder itself
        raise AssetError("not a file")
    if candidate.is_absolute() or relative.startswith("~") or ":" in candidate.parts[0]:
        raise AssetError("the path must be relative to the event file's folder")
    try:
        base = base_dir.resolve()
        target = (base / candidate).resolve()
    except (RuntimeError, OSError):  # a symlink loop (RuntimeError before Python 3.13), a name too long
        raise AssetError("the path cannot be resolved (a symlink loop?)") from None
    if target != base and base not in target.parents:
        raise AssetError("the path leads outside the event file's folder")
    try:
        info = target.stat()
    except FileNotFoundError:
        raise AssetError("no such file") from None
    except OSError as exc:
        raise AssetError(exc.strerror or "cannot read the file") from None
    if not stat.S_ISREG(info.st_mode):
        raise AssetError("not a regular file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise AssetError(f"the file is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
    return target


#: Names for the formats people most often put where a PNG or JPEG belongs (by their first bytes).
_OTHER_FORMATS = ((b"GIF8", "a GIF image"), (b"BM", "a BMP image"), (b"II*\x00", "a TIFF image"),
                  (b"MM\x00*", "a TIFF image"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a zip archive"),
                  (b"<svg", "an SVG image"), (b"<?xml", "an XML file (SVG?)"), (b"<!DOCTYPE", "an HTML page"),
                  (b"<html", "an HTML page"), (b"%!PS", "a PostScript (EPS) file"), (b"\x00\x00\x01\x00", "an icon"))


def _describe_format(data: bytes) -> str:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    head = data[:64].lstrip()
    for magic, name in _OTHER_FORMATS:
        if head.startswith(magic):
            return name
    return "not a PNG or JPEG image"


def read_image(base_dir: Path, relative: str) -> ImageFile:
    """The image `relative` (as written in the event) inside `base_dir`, after every check.

    Confined to the folder (`resolve_inside`), a regular file of at most 20 MB, a PNG or JPEG by its
    content of at most `MAX_IMAGE_PIXELS` that decodes completely (`decode_image`). Raises `AssetError`.
    """
    path = resolve_inside(base_dir, relative)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise AssetError(exc.strerror or "cannot read the file") from None
    key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    image = decode_image(path)
    with _lock:
        _cache[key] = image
        while sum(len(i.data) for i in _cache.values()) > CACHE_BYTES and len(_cache) > 1:
            _cache.popitem(last=False)
    return image


_cache: OrderedDict[tuple[str, int, int, int, int], ImageFile] = OrderedDict()
_lock = threading.Lock()


def decode_image(path: Path) -> ImageFile:
    """Check that `path` really is a PNG or JPEG of sane size that decodes, and return it.

    Only Pillow's PNG and JPEG plugins see the bytes (`formats=`), so no other parser (TIFF, EPS with
    its Ghostscript call, PSD, ...) runs on a disguised file; the size is checked from the header before
    anything is decoded; then its checksums are verified and the whole image is decoded, so a truncated
    or corrupt file is refused here, with the position of its `image:` line, not later by a renderer.
    """
    import io

    from PIL import Image, UnidentifiedImageError

    from ..fsio import InputRefused, read_input_bytes

    try:  # `path` is already confined to the event folder (resolve_inside); this bounds and types it
        data = read_input_bytes(path, "image", MAX_IMAGE_BYTES, root=path.parent)
    except InputRefused as exc:
        raise AssetError(exc.message) from None
    fmt = ""
    width = height = 0
    try:
        with Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS)) as image:
            fmt = image.format or ""
            if fmt not in IMAGE_FORMATS:  # e.g. MPO, which the JPEG plugin also opens
                raise AssetError(f"the file is a {fmt or 'different'} image; use PNG or JPEG")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise AssetError(f"the image is {width}x{height} pixels; the limit is {MAX_IMAGE_PIXELS:,}")
            image.verify()  # chunk structure and checksums, up to the end marker
        with Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS)) as image:
            image.load()  # and decode it all: a corrupt image is refused here, not half-drawn in a PDF
    except AssetError:
        raise
    except UnidentifiedImageError:
        raise AssetError(f"the file is {_describe_format(data)}; use PNG or JPEG") from None
    except Image.DecompressionBombError:
        raise AssetError(f"the image has more pixels than the limit of {MAX_IMAGE_PIXELS:,}") from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, zlib.error... for corrupt data
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise AssetError(f"the {fmt or 'image'} data is corrupt or truncated ({reason})") from None
    return ImageFile(data, MIME_TYPES[fmt], width, height)


def _image_paths(image: Any) -> list[tuple[Loc, str]]:
    """A card's `image:` value as (location under it, path): one path, or one per language."""
    if isinstance(image, str):
        return [((), image)] if image else []
    if isinstance(image, dict):  # {en: a.png, my: b.png} in a raw tree
        return [((lang,), p) for lang, p in image.items() if isinstance(p, str) and p]
    if image is not None and hasattr(image, "en"):  # ImageByLanguage
        return [((lang,), p) for lang in ("en", "my") if isinstance(p := getattr(image, lang), str)]
    return []


def card_image_paths(memo: Memo) -> list[str]:
    """Every image path the data cards of a validated memo use (for fingerprints)."""
    return [p for item in memo.programme if item.data_card is not None
            for _, p in _image_paths(item.data_card.image)]


def check_images(memo: Memo, base_dir: Path, positions: Positions, path: str) -> list[Diagnostic]:
    """Diagnostics for data-card images that are missing, outside the folder, or not PNG/JPEG."""
    refs = [(("programme", i, "data_card", "image", *sub), image) for i, item in enumerate(memo.programme)
            if item.data_card is not None for sub, image in _image_paths(item.data_card.image)]
    return check_image_refs(refs, base_dir, positions, path)


def image_refs(data: Any) -> list[tuple[Loc, str]]:
    """The data-card image paths of a raw (not yet validated) event tree, with their locations.

    Used when the event has other mistakes, so a bad image is reported together with them.
    """
    refs: list[tuple[Loc, str]] = []
    items = data.get("programme") if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        card = item.get("data_card") if isinstance(item, dict) else None
        image = card.get("image") if isinstance(card, dict) else None
        refs += [(("programme", i, "data_card", "image", *sub), p) for sub, p in _image_paths(image)]
    return refs


def check_image_refs(refs: Iterable[tuple[Loc, str]], base_dir: Path, positions: Positions,
                     path: str) -> list[Diagnostic]:
    """Diagnostics for each (location, image path) that may not be used."""
    diags = []
    for loc, image in refs:
        try:
            read_image(base_dir, image)
        except AssetError as exc:
            diags.append(Diagnostic(path, *positions.of_value(loc), "bad-image", f"image {image!r}: {exc}"))
    return diags
