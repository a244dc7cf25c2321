"""Writing packages reproducibly: the same parts give the same bytes.

The untrusted side of a package (a user's reference .docx, its checks and cleaning) is read on the
input side, in `isp_recap.source.reference_docx`; the writer receives its cleaned parts.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping


def write_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip with fixed timestamps and ``[Content_Types].xml`` first (same input, same bytes)."""
    items = sorted(entries, key=lambda kv: (kv[0] != "[Content_Types].xml", kv[0]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in items:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, payload)
    return buffer.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip that python-docx saved (entries stamped with the current time) reproducibly."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return write_zip((i.filename, zf.read(i.filename)) for i in zf.infolist())


def open_parts(parts: Mapping[str, bytes]) -> io.BytesIO:
    """`parts` zipped, as a file python-docx can open."""
    return io.BytesIO(write_zip(parts.items()))
