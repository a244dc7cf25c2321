"""Content hashes of everything an output depends on, so unchanged outputs are not rebuilt."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from . import __version__
from .resources import PACKAGE, locales_dir

STATE_FILE = ".isp-recap-state.json"


def _hash_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """Hash of the package's own inputs: code, templates, fonts, reference document."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".pyc",)
             and "__pycache__" not in p.parts]
    return _hash_files(files) + __version__


def catalogs_fingerprint(root: Path | None) -> str:
    """Hash of the label catalogs in use (read bounded and confined to their folder, like the labels)."""
    from .locale.catalogs import catalog_bytes

    base = root or locales_dir()
    if not base.is_dir():
        return ""
    digest = hashlib.sha256()
    for language in ("en", "my"):
        digest.update(language.encode() + b"\0" + catalog_bytes(language, root))
    return digest.hexdigest()


def output_fingerprint(event_bytes: bytes, assets: list[Path], options: dict[str, object],
                       locales: Path | None, reference: bytes | None) -> str:
    """The hash of one output's inputs."""
    digest = hashlib.sha256()
    digest.update(event_bytes)
    digest.update(_hash_files(assets).encode())
    digest.update(package_fingerprint().encode())
    digest.update(catalogs_fingerprint(locales).encode())
    if reference is not None:  # the reference .docx's bytes, read (bounded) by the caller
        digest.update(reference)
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def read_state(out_dir: Path) -> dict[str, str]:
    """The fingerprints recorded beside the outputs last time (empty if none or unreadable)."""
    try:
        data = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def value_digest(value: object) -> str:
    """A content hash of plain data: frozen dataclasses (a Document or part of one), tuples, lists,
    dicts, sets, strings, bytes, numbers, booleans and None. Equal data, equal hash, on any machine.

    A dataclass field left out of equality (`compare=False`) is left out here too: such a field is
    derived from the others (a chart's number formatter, from its language, `charts.spec.ChartSpec`)."""
    import dataclasses

    digest = hashlib.sha256()

    def feed(item: object) -> None:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            digest.update(b"D" + type(item).__qualname__.encode() + b"\0")
            for f in dataclasses.fields(item):
                if not f.compare:
                    continue
                digest.update(f.name.encode() + b"=")
                feed(getattr(item, f.name))
        elif isinstance(item, bytes):
            digest.update(b"B%d:" % len(item) + item)
        elif isinstance(item, str):
            data = item.encode("utf-8", "surrogatepass")
            digest.update(b"S%d:" % len(data) + data)
        elif item is None or isinstance(item, (bool, int, float)):
            digest.update(b"V" + repr(item).encode() + b"\0")
        elif isinstance(item, (tuple, list)):
            digest.update(b"L%d:" % len(item))
            for element in item:
                feed(element)
        elif isinstance(item, dict):
            digest.update(b"M%d:" % len(item))
            for key in sorted(item, key=repr):
                feed(key)
                feed(item[key])
        elif isinstance(item, (set, frozenset)):
            digest.update(b"T%d:" % len(item))
            for element in sorted(item, key=repr):
                feed(element)
        else:
            raise TypeError(f"cannot fingerprint a {type(item).__name__}")

    feed(value)
    return digest.hexdigest()
