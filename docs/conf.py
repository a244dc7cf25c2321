"""Sphinx configuration: the API reference from the docstrings, the Markdown pages through MyST.

`make docs` builds it into out/docs with warnings as errors (`-W --keep-going`) and nitpicky
references (`-n`): every type a public signature names must resolve to a documented object.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# A source checkout builds its own package, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pydantic import BaseModel

import isp_recap

project = "isp-recap"
author = "isp-recap developers"
copyright = "isp-recap developers"
release = version = isp_recap.__version__

# No napoleon: the docstrings are prose, not Google or NumPy sections (napoleon would read "Text: more"
# on the first line of a property as a type).
extensions = ["sphinx.ext.autodoc", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "typesetting"]

# The docstrings are written with Markdown-style `code` spans: show them as code in the reference too.
default_role = "code"
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True}

# Nitpicky (-n): every reference must resolve. Without intersphinx (no network at build time) the
# standard library and third-party types cannot, so those are let through by name; every isp_recap
# type a public signature names must be documented here.
nitpick_ignore_regex = [
    ("py:.*", r"(pathlib|collections\.abc|typing|types|datetime|annotated_types|pydantic|re)\..*"),
    ("py:.*", r"Path|Iterable|Iterator|Sequence|Mapping|Callable|Any|Literal|Annotated"),
]


def _public_name(app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element) -> Element | None:
    """Resolve `isp_recap.document.nodes.Document` (or a bare `Document`) to `isp_recap.Document`.

    autodoc names types where they are defined, the reference documents them where users import
    them from: a name in `isp_recap.__all__` is the same object under both names.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    name = target.rsplit(".", 1)[-1]
    if name not in isp_recap.__all__ or target == f"isp_recap.{name}":
        return None
    if "." in target:
        module, _, _ = target.rpartition(".")
        try:
            if getattr(importlib.import_module(module), name) is not getattr(isp_recap, name):
                return None
        except (ImportError, AttributeError):
            return None
    domain = env.domains["py"]
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], f"isp_recap.{name}",
                               node, contnode)


def _model_signature(app: Sphinx, what: str, name: str, obj: object, options: object, signature: str | None,
                     return_annotation: str | None) -> tuple[str, str | None] | None:
    """A pydantic model is built from keyword arguments, one per key: `Model(**data)`, not its field list."""
    if what == "class" and isinstance(obj, type) and issubclass(obj, BaseModel):
        return "(**data)", None
    return None


def _skip_pydantic(app: Sphinx, what: str, name: str, obj: object, skip: bool, options: object) -> bool | None:
    """pydantic's own `model_config` and friends are not part of a model's documentation."""
    return True if name.startswith("model_") else None


def setup(app: Sphinx) -> None:
    app.connect("autodoc-skip-member", _skip_pydantic)
    app.connect("missing-reference", _public_name)
    app.connect("autodoc-process-signature", _model_signature)


html_theme = "alabaster"
html_title = f"isp-recap {release}"
# Burmese drawn with the package's own Noto Sans Myanmar (readers need no Myanmar font installed).
_FONTS = Path(isp_recap.__file__).parent / "render" / "fonts"
html_static_path = ["_static", *(str(_FONTS / f"NotoSansMyanmar-{w}.ttf") for w in ("Regular", "Bold"))]
html_css_files = ["burmese.css"]
html_theme_options = {
    "font_family": "Georgia, 'isp-recap Myanmar', serif",
    "code_font_family": "'Consolas', 'Menlo', 'DejaVu Sans Mono', 'isp-recap Myanmar', monospace",
}
