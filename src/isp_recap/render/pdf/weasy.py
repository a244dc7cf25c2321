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
from collections.abc import Callable
from typing import Any


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


def hook_point(module_name: str, name: str, params: tuple[str, ...], *, calls_it: str,
               changed: type[Exception], hook: str) -> Callable[..., Any]:
    """WeasyPrint's internal function `module_name.name` (unwrapped if one of our hooks replaced it),
    after checking that the hooks we lay over it still fit: the module and function exist, it takes
    exactly `params`, and `module_name.calls_it` looks it up as a module global at call time (so that
    replacing the global is enough). Otherwise raises `changed`, naming `hook`, the hook to update.

    WeasyPrint is pinned to the minor version the hooks were written for; this fails loudly after an
    upgrade instead of silently drawing PDFs without what the hooks add.
    """
    import importlib
    import inspect

    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # pragma: no cover - only after a WeasyPrint upgrade
        raise changed(f"{module_name} is gone: the {hook} needs updating") from exc
    func = getattr(module, name, None)
    func = getattr(func, "__wrapped_by_isp_recap__", func)
    if not callable(func):
        raise changed(f"{module_name}.{name} is gone: the {hook} needs updating")
    found = tuple(inspect.signature(func).parameters)
    if found != params:
        raise changed(f"{module_name}.{name}{found} does not take {params}: the {hook} needs updating")
    caller = func if calls_it == name else getattr(module, calls_it, None)
    if caller is None or name not in caller.__code__.co_names:
        raise changed(f"{module_name}.{calls_it} no longer calls {name} through the module: "
                      f"the {hook} needs updating")
    return func  # type: ignore[no-any-return]
