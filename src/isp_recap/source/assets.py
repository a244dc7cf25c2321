"""Files an event refers to (data-card images): confined to the event's folder and verified."""

from __future__ import annotations

import stat
from pathlib import Path

from ..model import Memo
from .diagnostics import Diagnostic
from .yaml_tree import Positions

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # ~ 8000 x 5000; more is a decompression bomb for a memo
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg"}


class AssetError(ValueError):
    """A referenced file that may not be used; the message says why."""


def resolve_inside(base_dir: Path, relative: str) -> Path:
    """Resolve `relative` against `base_dir`, refusing anything that leads outside it.

    Refused: absolute paths, `..` escapes, symlinks pointing out, and anything but a regular file.
    """
    if "\\" in relative or "\x00" in relative:
        raise AssetError("use forward slashes and plain characters in paths")
    candidate = Path(relative)
    if candidate.is_absolute() or relative.startswith("~") or ":" in candidate.parts[0]:
        raise AssetError("the path must be relative to the event file's folder")
    base = base_dir.resolve()
    target = (base / candidate).resolve()
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


def verify_image(path: Path) -> str:
    """Check that `path` really is a PNG or JPEG of sane size; return its format ('png'/'jpeg')."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            fmt = image.format or ""
            if fmt not in IMAGE_FORMATS:
                raise AssetError(f"the file is {fmt or 'not an image'}; use PNG or JPEG")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise AssetError(f"the image is {width}x{height} pixels; the limit is {MAX_IMAGE_PIXELS:,}")
            image.verify()
    except AssetError:
        raise
    except Exception as exc:  # Pillow raises many types for corrupt files
        raise AssetError(f"the image cannot be read ({type(exc).__name__})") from None
    return IMAGE_FORMATS[fmt]


def check_images(memo: Memo, base_dir: Path, positions: Positions, path: str) -> list[Diagnostic]:
    """Diagnostics for data-card images that are missing, outside the folder, or not PNG/JPEG."""
    diags = []
    for i, item in enumerate(memo.programme):
        card = item.data_card
        if card is None or card.image is None:
            continue
        loc = ("programme", i, "data_card", "image")
        try:
            verify_image(resolve_inside(base_dir, card.image))
        except AssetError as exc:
            diags.append(Diagnostic(path, *positions.of_value(loc), "bad-image", f"image {card.image!r}: {exc}"))
    return diags
