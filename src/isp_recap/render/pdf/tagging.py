"""Tagged PDF (PDF/UA-1, PDF/A-3b): what WeasyPrint 70 writes, what it lacks and what it gets wrong.

WeasyPrint builds the structure tree (`pdf_tags`, `weasyprint/pdf/tags.py`) from the HTML elements,
writes `/MarkInfo`, `/ViewerPreferences /DisplayDocTitle`, page `/Tabs /S`, link `/Contents` and, for a
`pdf_variant`, XMP with one identification schema. Missing or wrong, and done here:

1. **Element-level `/Lang`.** WeasyPrint sets only the catalog's `/Lang`, so the Burmese column of the
   bilingual PDF reads as English. The CSS `lang` of each box (from the HTML `lang` attribute, inherited)
   is written as `/Lang` on every structure element whose language differs from the document's or from
   its parent's.
2. **Running headers, footers and page numbers as artifacts.** WeasyPrint tags margin-box text with MCIDs
   that map to structure elements hanging outside the tree (its comment: artifacts in the tree need
   PDF 2.0). Here margin boxes are drawn inside `/Artifact <</Type /Pagination>> BDC ... EMC` with
   tagging off, and get no structure elements. So are positioned `aria-hidden` elements (the chart's
   transparent words, there for extraction: the chart's `Figure` has `/Alt`), as a plain `/Artifact`.
3. **One `Link` per link.** WeasyPrint makes a `Link` element per line of a wrapped link and hangs the
   annotations of the inline boxes inside a link (a word kept from hyphenation, a span in the other
   language) from `Span`s. Here every piece of one `<a>` on a page joins the first piece, in order, and
   the `Link` owns all of its annotations (PDF/UA-1 7.18.5: one `Link` may hold several `OBJR`s).
4. **XMP language and a second identification schema.** `dc:language` is added, and `ua-1,a-3b` writes
   PDF/A-3b (WeasyPrint's `pdf/a-3b` variant, tags on) with `pdfuaid:part 1` beside `pdfaid`.
   WeasyPrint itself takes one `pdf_variant`; variants do not combine.

Like `actualtext`, (1)-(3) replace module globals of WeasyPrint while one render runs
(`_build_box_tree` in `weasyprint.pdf.tags`, `draw_stacking_context` in `weasyprint.draw`; both look
themselves up as globals when they recurse). `check_hook_points` fails loudly if they move.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .weasy import hook_point

#: `--pdf-standard` values.
STANDARDS = ("ua-1", "a-3b", "ua-1,a-3b", "none")
DEFAULT_STANDARD = "ua-1"

_TREE = ("weasyprint.pdf.tags", "_build_box_tree",
         ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags"))
_DRAW = ("weasyprint.draw", "draw_stacking_context", ("stream", "stacking_context"))

_lock = threading.RLock()
_state = threading.local()


class TagHookChanged(RuntimeError):
    """WeasyPrint's tagging internals no longer look like the version these hooks were written for."""


@dataclass(frozen=True)
class WriteOptions:
    """What `write_pdf` gets for one standard."""

    variant: str | None
    tags: bool
    identifier: bool
    #: Identification schemas added to the XMP beside the variant's own: (prefix, part).
    extra_ids: tuple[tuple[str, int], ...]


def write_options(standard: str) -> WriteOptions:
    """The WeasyPrint options for a `--pdf-standard` value; `ValueError` for an unknown one."""
    if standard == "ua-1":
        return WriteOptions("pdf/ua-1", True, False, ())
    if standard == "a-3b":
        # PDF/A needs a file identifier; pydyf's is an MD5 of the objects, so builds stay reproducible.
        return WriteOptions("pdf/a-3b", True, True, ())
    if standard == "ua-1,a-3b":
        return WriteOptions("pdf/a-3b", True, True, (("pdfuaid", 1),))
    if standard == "none":
        return WriteOptions(None, False, False, ())
    raise ValueError(f"unknown PDF standard {standard!r}; expected one of {', '.join(STANDARDS)}")


def _original(module_name: str, name: str, params: tuple[str, ...]) -> Callable[..., Any]:
    # Each of these recurses through its module global, which is what the hook replaces.
    return hook_point(module_name, name, params, calls_it=name, changed=TagHookChanged, hook="tagging hooks")


def check_hook_points() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Return WeasyPrint's tree builder and stacking-context painter after checking their shape."""
    return _original(*_TREE), _original(*_DRAW)


def _wrap_tree(original: Callable[..., Any]) -> Callable[..., Any]:
    import pydyf
    from weasyprint.formatting_structure import boxes

    def _build_box_tree(box: Any, parent: Any, pdf: Any, page_number: Any, nums: Any,
                        annotations: Any, tags: Any) -> Iterator[Any]:
        if getattr(_state, "depth", 0) == 0:
            yield from original(box, parent, pdf, page_number, nums, annotations, tags)
            return
        if isinstance(box, boxes.MarginBox) or _hidden(box):
            return  # drawn as an artifact (see _wrap_draw): no marked content, no element
        doc_lang: str = _state.lang
        lang: str | None = None
        if (box.element is not None and box.element_tag not in ("html", "body")
                and not isinstance(box, boxes.PageBox)):
            lang = box.style["lang"] or ""
        for element in original(box, parent, pdf, page_number, nums, annotations, tags):
            _state.pages.setdefault(element.number, page_number)
            if element["S"] == "/Link":
                _hoist_annotations(pdf, element, annotations)
            if lang:  # "" for an element without a language: inherit, but still merge (below)
                inherited = _state.langs.get(parent.number, doc_lang)
                if "Lang" not in element and (lang != doc_lang or lang != inherited):
                    element["Lang"] = pydyf.String(lang)
                _state.langs[element.number] = lang
            # Pieces of one HTML element (not pseudo-elements or anonymous boxes, which share it).
            key = (id(box.element), box.element_tag, element["S"])
            first = _state.first.setdefault(key, element) if lang is not None else element
            # Pieces on another page always merge; on the same page only a link's (the lines of a
            # wrapped link follow each other in the paragraph; paragraphs' pieces are one per page).
            if first is element or (_state.pages.get(first.number) == page_number
                                    and element["S"] != "/Link"):
                yield element
            else:
                _merge(pdf, first, element, page_number, nums, annotations)

    _build_box_tree.__wrapped_by_isp_recap__ = original  # type: ignore[attr-defined]
    return _build_box_tree


def _objr(pdf: Any, kid: Any) -> Any:
    """The object a structure element's kid refers to (None for an MCID)."""
    return None if isinstance(kid, int) else pdf.objects[int(kid.split()[0])]


def _hoist_annotations(pdf: Any, link: Any, annotations: Any) -> None:
    """Give `link` the link annotations of the elements inside it (PDF/UA: a link annotation is owned
    by a `Link` element, and one `Link` may own several).

    WeasyPrint makes an annotation for every inline box inside an `<a>` (the `Span`s around words
    that must not be hyphenated, a span of the other language) and hangs each from the `Span`.
    """
    owners: set[bytes] = set()

    def visit(element: Any) -> None:
        keep = []
        for kid in element["K"]:
            obj = _objr(pdf, kid)
            if isinstance(obj, dict) and obj.get("Type") == "/OBJR":
                link["K"].append(kid)
                owners.add(element.reference)
                continue
            keep.append(kid)
            if isinstance(obj, dict) and obj.get("Type") == "/StructElem":
                visit(obj)
        element["K"][:] = keep

    for kid in list(link["K"]):
        obj = _objr(pdf, kid)
        if isinstance(obj, dict) and obj.get("Type") == "/StructElem":
            visit(obj)
    if owners:
        annotations[:] = [(link.reference if ref in owners else ref, a) for ref, a in annotations]


def _merge(pdf: Any, first: Any, element: Any, page_number: int, nums: Any, annotations: Any) -> None:
    """Move the kids of `element` (a later piece of the same HTML element) into `first`.

    WeasyPrint makes one structure element per box, so a paragraph broken across pages (or a link
    across lines) becomes several elements, and in the bilingual edition the pieces of the two
    columns interleave (English 1, Burmese 1, English 2, Burmese 2). One element per HTML element
    keeps structure order the reading order.
    """
    import pydyf

    for kid in element["K"]:
        if isinstance(kid, int):  # an MCID of `element`'s page: say which page now
            mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": pdf.page_references[page_number], "MCID": kid})
            first["K"].append(mcr)
            nums[kid] = first.reference
            continue
        obj = pdf.objects[int(kid.split()[0])]
        if isinstance(obj, dict) and obj.get("Type") == "/StructElem":
            obj["P"] = first.reference
        first["K"].append(kid)
    annotations[:] = [(first.reference if ref == element.reference else ref, a) for ref, a in annotations]


def _hidden(box: Any) -> bool:
    """A positioned box of an `aria-hidden="true"` element (the chart's transparent words, there for
    text extraction and search: the Figure's `/Alt` says what the chart shows). Positioned, so that it
    is drawn as a stacking context of its own, which `_wrap_draw` marks as an artifact."""
    element = getattr(box, "element", None)
    return (element is not None and box.style["position"] not in ("static", "relative")
            and element.get("aria-hidden") == "true" and getattr(box, "element_tag", None) == element.tag)


def _wrap_draw(original: Callable[..., Any]) -> Callable[..., Any]:
    import pydyf
    from weasyprint.formatting_structure import boxes

    def draw_stacking_context(stream: Any, stacking_context: Any) -> Any:
        tags = getattr(stream, "_tags", None)
        box = stacking_context.box
        if getattr(_state, "depth", 0) == 0 or tags is None:
            return original(stream, stacking_context)
        if isinstance(box, boxes.MarginBox):
            stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination"}))
        elif _hidden(box):
            stream.begin_marked_content("Artifact")
        else:
            return original(stream, stacking_context)
        stream._tags = None  # no MCIDs inside an artifact
        try:
            return original(stream, stacking_context)
        finally:
            stream._tags = tags
            stream.end_marked_content()

    draw_stacking_context.__wrapped_by_isp_recap__ = original  # type: ignore[attr-defined]
    return draw_stacking_context


@contextmanager
def tagging(doc_lang: str) -> Iterator[None]:
    """Within this block, WeasyPrint's tagged output in this thread gets `/Lang` and artifacts."""
    with _lock:
        originals = check_hook_points()
        specs = (_TREE, _DRAW)
        wrappers = (_wrap_tree, _wrap_draw)
        previous = []
        for (module_name, name, _), original, wrap in zip(specs, originals, wrappers, strict=True):
            module = importlib.import_module(module_name)
            current = getattr(module, name)
            previous.append((module, name, current))
            setattr(module, name, current if getattr(current, "__wrapped_by_isp_recap__", None)
                    else wrap(original))
        _state.depth = getattr(_state, "depth", 0) + 1
        _state.lang = doc_lang
        _state.langs = {}
        _state.first = {}
        _state.pages = {}
        try:
            yield
        finally:
            _state.depth -= 1
            for module, name, current in previous:
                setattr(module, name, current)


def add_metadata(document: Any, options: WriteOptions) -> None:
    """Replace `document.metadata` by one whose XMP also holds `dc:language` and `options.extra_ids`."""
    from weasyprint.pdf.metadata import NS, DocumentMetadata

    class Metadata(DocumentMetadata):  # type: ignore[misc]
        def generate_rdf_metadata(self, variant: Any, version: Any, conformance: Any) -> bytes:
            from xml.etree.ElementTree import SubElement, fromstring, tostring

            rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
            rdf_ns = NS["rdf"]
            if self.lang:
                desc = SubElement(rdf, f"{{{rdf_ns}}}Description", {f"{{{rdf_ns}}}about": ""})
                bag = SubElement(SubElement(desc, f"{{{NS['dc']}}}language"), f"{{{rdf_ns}}}Bag")
                SubElement(bag, f"{{{rdf_ns}}}li").text = self.lang
            for prefix, part in options.extra_ids:
                SubElement(rdf, f"{{{rdf_ns}}}Description",
                           {f"{{{rdf_ns}}}about": "", f"{{{NS[prefix]}}}part": str(part)})
            data: bytes = tostring(rdf, encoding="utf-8")
            return data

    old = document.metadata
    new = Metadata()
    new.__dict__.update(old.__dict__)
    document.metadata = new
