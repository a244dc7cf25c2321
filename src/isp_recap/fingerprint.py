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
    from .locale.catalog import catalog_bytes

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
