"""Hostile image files, made at run time (binary fixtures are easier to read as the code that makes them)."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

from harness import png_bytes


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_raw(width: int, height: int, idat: bytes, *, bit_depth: int = 1, color: int = 0,
            extra: bytes = b"") -> bytes:
    """A PNG assembled chunk by chunk: any header, any data (valid CRCs unless the data says otherwise)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + extra + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def png_bomb(width: int, height: int) -> bytes:
    """A 1-bit PNG of `width` x `height` whose pixel data is all zeros: kilobytes on disk, huge in memory."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return png_raw(width, height, data)


def jpeg_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    return png_bytes(size, fmt="JPEG")


def jpeg_with_size(width: int, height: int) -> bytes:
    """A small JPEG whose header claims `width` x `height` (SOF0 patched): a bomb by its header."""
    data = bytearray(jpeg_bytes((16, 16)))
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def _gif() -> bytes:
    return png_bytes(fmt="GIF", mode="L")


def _webp() -> bytes:
    return png_bytes(fmt="WEBP")


def _bmp() -> bytes:
    return png_bytes(fmt="BMP")


def _tiff() -> bytes:
    return png_bytes(fmt="TIFF")


def _ztxt_bomb() -> bytes:
    """A valid small PNG with a zTXt chunk that inflates to 200 MB (Pillow's text-chunk limit refuses it)."""
    compressor = zlib.compressobj(9)
    text = b"".join(compressor.compress(b"\x00" * (1 << 20)) for _ in range(200)) + compressor.flush()
    good = png_bytes((4, 4))
    extra = _chunk(b"zTXt", b"Comment\x00\x00" + text)
    return good[:33] + extra + good[33:]


def _iccp_bomb() -> bytes:
    compressor = zlib.compressobj(9)
    profile = b"".join(compressor.compress(b"\x00" * (1 << 20)) for _ in range(200)) + compressor.flush()
    good = png_bytes((4, 4))
    return good[:33] + _chunk(b"iCCP", b"icc\x00\x00" + profile) + good[33:]


def _bad_crc() -> bytes:
    data = bytearray(png_bytes((64, 64)))
    idat = data.find(b"IDAT")
    data[idat + 6] ^= 0xFF  # flip a byte of the compressed pixels; the CRC no longer matches
    return bytes(data)


def _bad_zlib() -> bytes:
    return png_raw(32, 32, b"\x78\x9c" + b"\xff" * 64)


def _zero_width() -> bytes:
    return png_raw(0, 10, zlib.compress(b""))


def _svg() -> bytes:
    return (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="file:///etc/passwd"/><script>alert(1)</script></svg>')


def _html() -> bytes:
    return b'<!DOCTYPE html><html><body><img src="file:///etc/passwd"></body></html>'


def _eps() -> bytes:
    # Pillow would hand an EPS to Ghostscript when decoding it: it must never get that far.
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(/etc/passwd) (r) file\n"


#: name -> (file name inside images/, bytes maker)
BAD_IMAGES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "corrupt-png": ("chart.png", lambda: png_bytes()[:16] + bytes(range(256)) * 4),
    "truncated-png": ("chart.png", lambda: png_bytes((200, 200))[:-200]),
    "truncated-jpeg": ("chart.jpg", lambda: jpeg_bytes((200, 200))[:400]),
    "png-header-only": ("chart.png", lambda: b"\x89PNG\r\n\x1a\n"),
    "empty-file": ("chart.png", lambda: b""),
    "bad-crc": ("chart.png", _bad_crc),
    "bad-zlib-stream": ("chart.png", _bad_zlib),
    "zero-width": ("chart.png", _zero_width),
    "gif-named-png": ("chart.png", _gif),
    "webp-named-png": ("chart.png", _webp),
    "bmp-named-jpg": ("chart.jpg", _bmp),
    "tiff-named-png": ("chart.png", _tiff),
    "svg-named-png": ("chart.png", _svg),
    "svg": ("chart.svg", _svg),
    "html-named-png": ("chart.png", _html),
    "eps-named-png": ("chart.png", _eps),
    "pdf-named-jpg": ("chart.jpg", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    "text-named-png": ("chart.png", lambda: b"root:x:0:0:root:/root:/bin/bash\n"),
    "bomb-png-30000x30000": ("chart.png", lambda: png_bomb(30000, 30000)),
    "bomb-png-just-over-limit": ("chart.png", lambda: png_bomb(8001, 5000)),
    "bomb-png-header-only": ("chart.png", lambda: png_raw(1_000_000, 1_000_000, zlib.compress(b"\x00" * 64))),
    "bomb-jpeg-header": ("chart.jpg", lambda: jpeg_with_size(60000, 60000)),
    "ztxt-bomb": ("chart.png", _ztxt_bomb),
    "iccp-bomb": ("chart.png", _iccp_bomb),
}


def describe(data: bytes) -> str:
    """For failure messages: what Pillow thinks the bytes are."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return f"{image.format} {image.size}"
    except Exception as exc:
        return f"unreadable ({exc})"
