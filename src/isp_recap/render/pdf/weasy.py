"""Importing WeasyPrint without the library search that runs programs.

WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi, trying Windows-style names first
(`libgobject-2.0-0`). For each name that does not load, cffi calls `ctypes.util.find_library`, which on
Linux runs `/sbin/ldconfig -p` and then `gcc` (writing a temporary file, in the current folder if the
temp folder is not writable) — about a dozen processes on every PDF build, from a tool that should run
nothing. The names WeasyPrint tries next (`libgobject-2.0.so.0`, `...dylib`, `...dll`) load directly,
so the search is switched off while WeasyPrint is imported; if that import fails on some platform, it is
retried with the search on.
"""

from __future__ import annotations

import sys


def _no_search(name: str) -> None:
    return None


def import_weasyprint() -> None:
    """Import WeasyPrint (and its native libraries) once, without `ctypes.util.find_library`."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util
    import importlib

    original = ctypes.util.find_library
    ctypes.util.find_library = _no_search
    try:
        importlib.import_module("weasyprint")
        return
    except OSError:  # no library under a direct name here: forget the half-import, search as usual
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = original
    importlib.import_module("weasyprint")
