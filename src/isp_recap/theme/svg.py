"""SVG logos: parsed without entities, rebuilt from an allow-list, and drawn to PNG for Word.

An SVG file is a program in all but name: it can carry scripts, event handlers, links to other files
or the network (`<image href>`, `url(http:…)`, `@import`), entity bombs and text drawn with whatever
fonts a machine happens to have. A theme's logo is untrusted, so it is never passed on as written:
expat parses it with no DOCTYPE, entity or external subset allowed, and a new document is written
holding only the SVG elements and attributes that draw shapes, paths, gradients and clips. What an
editor leaves behind (Inkscape's and Illustrator's own namespaces, `<metadata>`, comments, processing
instructions) is dropped; anything that would run, fetch or depend on system fonts is an error at its
line and column, so the theme's author learns what to change instead of seeing a logo silently differ.

The sanitised SVG goes into the PDF and HTML as a vector; Word has no SVG that LibreOffice and older
Word both draw, so the DOCX gets a PNG drawn from the same sanitised SVG by WeasyPrint and PDFium (both
already needed: the PDF writer and the share cards).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Elements that draw (or hold what draws) and nothing else.
ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "title", "desc", "style",
})
#: Elements an editor writes for itself: dropped with everything inside them.
DROPPED = frozenset({"metadata", "sodipodi:namedview"})
#: Elements refused, with the reason the author is told.
REFUSED = {
    "script": "scripts are not allowed in a logo",
    "foreignObject": "foreignObject (HTML inside SVG) is not allowed in a logo",
    "image": "an <image> inside the logo is not allowed; use the PNG itself as the logo",
    "feImage": "filters that load images are not allowed in a logo",
    "text": "text in an SVG logo would be drawn with whatever fonts each computer has; convert it to "
            "paths (Inkscape: Path > Object to Path; Illustrator: Create Outlines)",
    "a": "links are not allowed in a logo",
    "iframe": "iframe is not allowed in a logo",
    "animate": "animation is not allowed in a logo (print has none)",
}
for _name in ("tspan", "textPath", "tref", "altGlyph"):
    REFUSED[_name] = REFUSED["text"]
for _name in ("set", "animateMotion", "animateTransform", "animateColor", "discard"):
    REFUSED[_name] = REFUSED["animate"]
for _name in ("video", "audio", "canvas", "object", "embed", "handler", "listener", "pattern", "filter"):
    REFUSED[_name] = f"<{_name}> is not allowed in a logo"

#: Attributes kept (presentation and geometry); any other plain attribute is dropped.
ATTRIBUTES = frozenset({
    "id", "class", "style", "transform", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "fx", "fy", "fr", "width", "height", "viewBox", "preserveAspectRatio", "points", "pathLength",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity",
    "clip-path", "clip-rule", "mask", "color", "display", "visibility", "offset", "stop-color",
    "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "clipPathUnits", "maskUnits",
    "maskContentUnits", "patternUnits", "patternContentUnits", "patternTransform", "version",
    "shape-rendering", "vector-effect", "paint-order", "mix-blend-mode", "isolation", "overflow",
    "refX", "refY", "type", "media",
})
#: Attributes whose value may hold url(): only references to an element of the logo itself.
URL_ATTRIBUTES = frozenset({"fill", "stroke", "clip-path", "mask", "style"})

MAX_ELEMENTS = 20_000
MAX_DEPTH = 64
#: `<use>` copies what it names; a copied group holding more `<use>`s multiplies (a "billion laughs"
#: made of shapes), so a logo may copy only elements that hold no `<use>`, and only this many times.
MAX_USES = 500
#: Height of the PNG given to Word: 1.6 cm on the cover at about 750 dpi, sharp when zoomed.
RASTER_HEIGHT_PX = 480
_LOCAL_URL = re.compile(r"""url\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*\)""")
_ANY_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_UNIT_PX = {None: 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


class SvgError(ValueError):
    """A logo that may not be used: the message, and its 1-based line and column in the SVG file."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class CleanSvg:
    """A sanitised SVG (UTF-8 bytes) and its intrinsic size in CSS pixels."""

    data: bytes
    width: float
    height: float


def _local_name(name: str) -> tuple[str, str]:
    """(namespace, local name) of an expat name written as "namespace local"."""
    ns, _, local = name.rpartition(" ")
    return ns, local


def _check_urls(value: str, where: str, line: int, column: int) -> None:
    if _ANY_URL.search(_LOCAL_URL.sub("", value)):
        raise SvgError(f"{where}: url() may only point at an element of the logo (url(#id))", line, column)


def _check_css(text: str, line: int, column: int) -> str:
    """A `<style>` element's text or a style attribute, refused if it can load anything."""
    import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS tokenizer; no type hints

    def walk(tokens: list[object]) -> None:
        for token in tokens:
            kind = getattr(token, "type", "")
            token_line, token_column = getattr(token, "source_line", 1), getattr(token, "source_column", 1)
            at = (line + token_line - 1, token_column + (column - 1 if token_line == 1 else 0))
            if kind == "at-keyword" and str(getattr(token, "lower_value", "")) in ("import", "font-face"):
                raise SvgError(f"@{getattr(token, 'lower_value', '')} is not allowed in a logo's styles", *at)
            if kind == "url" or (kind == "function" and getattr(token, "lower_name", "") == "url"):
                _check_urls(tinycss2.serialize([token]), "style", *at)
            if kind in ("function", "() block", "[] block", "{} block"):
                walk(list(getattr(token, "arguments", None) or getattr(token, "content", [])))

    walk(tinycss2.parse_component_value_list(text, skip_comments=True))
    return text


def _length(value: str | None) -> float | None:
    if value is None:
        return None
    match = _LENGTH.match(value)
    if not match:
        return None
    return float(match.group(1)) * _UNIT_PX[match.group(2)]


def sanitise_svg(data: bytes) -> CleanSvg:
    """The logo `data` rebuilt from the allow-list, or `SvgError` at the first thing that may not be used."""
    doctype = re.search(rb"<!DOCTYPE", data, re.IGNORECASE)
    if doctype:  # refused before parsing, at its own position (expat reports it after the name)
        before = data[:doctype.start()]
        raise SvgError("a logo may not have a DOCTYPE (entities could expand without bound or read files)",
                       before.count(b"\n") + 1, doctype.start() - (before.rfind(b"\n") + 1) + 1)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    out = io.StringIO()
    stack: list[str | None] = []  # the element written for each open element, None when dropped
    skipping = 0  # depth inside a dropped element
    count = 0
    root: dict[str, str] = {}
    in_style: list[tuple[int, int]] = []  # where the open <style>'s text starts (checked when it closes)
    style_text: list[str] = []
    open_ids: list[str] = []  # the id of each open element ("" for none)
    holds_use: set[str] = set()  # ids of elements with a <use> inside
    links: dict[str, tuple[str, int, int]] = {}  # id -> the id its href names (gradients inheriting stops), where
    uses: list[tuple[str, int, int]] = []  # (target id, line, column) of each <use>

    def here() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse_doctype(*_: object) -> None:
        raise SvgError("a logo may not have a DOCTYPE (entities could expand without bound or read files)",
                       *here())

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal skipping, count
        count += 1
        if count > MAX_ELEMENTS:
            raise SvgError(f"the logo has more than {MAX_ELEMENTS:,} elements", *here())
        if len(stack) >= MAX_DEPTH:
            raise SvgError(f"the logo nests elements deeper than {MAX_DEPTH}", *here())
        ns, local = _local_name(name)
        if skipping:
            skipping += 1
            stack.append(None)
            return
        if ns == SVG_NS and local in REFUSED:
            raise SvgError(REFUSED[local], *here())
        if ns != SVG_NS or local in DROPPED or local not in ELEMENTS:
            if ns == SVG_NS and local not in DROPPED and local != "metadata":
                raise SvgError(f"<{local}> is not allowed in a logo (shapes, paths, gradients and clips only)",
                               *here())
            if not stack:
                raise SvgError("the file is not an SVG image (its first element is not <svg> in the SVG "
                               "namespace)", *here())
            skipping = 1
            stack.append(None)
            return
        if not stack and local != "svg":
            raise SvgError("the file is not an SVG image (its first element is not <svg>)", *here())
        kept: list[tuple[str, str]] = []
        for key, value in attrs.items():
            ans, alocal = _local_name(key)
            if alocal.lower().startswith("on"):
                raise SvgError(f"the attribute {alocal!r} is a script; remove it", *here())
            if alocal == "href" and ans in ("", XLINK_NS):
                if not value.strip().startswith("#"):
                    raise SvgError(f"href={value[:80]!r} points outside the logo; only #id references are allowed",
                                   *here())
                href = value.strip()
                kept.append(("href", href))
                if local == "use":
                    uses.append((href[1:], *here()))
                    if len(uses) > MAX_USES:
                        raise SvgError(f"the logo has more than {MAX_USES} <use> elements", *here())
                    holds_use.update(i for i in open_ids if i)
                elif attrs.get("id"):
                    links[attrs["id"]] = (href[1:], *here())
                continue
            if ans == XML_NS and alocal == "space":
                kept.append(("xml:space", value))
                continue
            if ans or alocal not in ATTRIBUTES:
                continue  # an editor's own attribute (inkscape:label, data-name, ...): it draws nothing
            if alocal in URL_ATTRIBUTES or "url" in value.lower():
                _check_urls(value, alocal, *here())
            if alocal == "style":
                value = _check_css(value, *here())
            kept.append((alocal, value))
        if not stack:
            root.update(kept)
        written = "svg" if not stack else local
        if not stack:
            kept = [("xmlns", SVG_NS), *kept]
        out.write(f"<{written}" + "".join(f" {k}={quoteattr(v)}" for k, v in kept) + ">")
        stack.append(written)
        open_ids.append(attrs.get("id", ""))
        if local == "style":
            in_style.append((0, 0))
            style_text.clear()

    def end(_: str) -> None:
        nonlocal skipping
        written = stack.pop()
        if written is None:
            skipping = max(skipping - 1, 0)
            return
        open_ids.pop()
        if written == "style" and in_style:
            line, column = in_style.pop()
            out.write(escape(_check_css("".join(style_text), line, column)))
        out.write(f"</{written}>")

    def text(value: str) -> None:
        if skipping or not stack:
            return
        if in_style:
            if not style_text:
                in_style[-1] = here()
            style_text.append(value)
        elif stack[-1] in ("title", "desc"):
            out.write(escape(value))

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = lambda *_: refuse_doctype()  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SvgError(f"not well-formed SVG: {expat.ErrorString(exc.code)}", exc.lineno, exc.offset + 1) from None
    if not root and not out.getvalue():
        raise SvgError("the file holds no <svg> element")
    for target, line, column in uses:
        if target in holds_use:
            raise SvgError(f"<use> copies #{target}, which itself holds a <use>; copies of copies are not "
                           "allowed in a logo", line, column)
    for start_id, (_, line, column) in links.items():  # gradients inheriting from each other: must end
        seen = {start_id}
        current: str | None = links[start_id][0]
        while current is not None:
            if current in seen:
                raise SvgError(f"the href chain from #{start_id} loops back on itself", line, column)
            seen.add(current)
            current = links[current][0] if current in links else None
    width, height = _size(root)
    return CleanSvg(('<?xml version="1.0" encoding="UTF-8"?>\n' + out.getvalue()).encode("utf-8"), width, height)


def _size(root: dict[str, str]) -> tuple[float, float]:
    """The logo's proportions: from width and height, else from the viewBox."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v] if root.get("viewBox") else []
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        if width and height:
            return width, height
        if width:
            return width, width * box[3] / box[2]
        if height:
            return height * box[2] / box[3], height
        return box[2], box[3]
    if width and height and width > 0 and height > 0:
        return width, height
    raise SvgError("the logo needs a viewBox, or a width and a height, so its proportions are known", 1, 1)


def rasterise(svg: CleanSvg, height_px: int = RASTER_HEIGHT_PX) -> bytes:
    """A transparent PNG of the sanitised `svg`, `height_px` high (for Word)."""
    import base64

    import pypdfium2 as pdfium
    from weasyprint import HTML

    from ..render.pdf.fetcher import url_fetcher

    width_px = max(1, round(height_px * svg.width / svg.height))
    source = base64.b64encode(svg.data).decode("ascii")
    page = (f"<style>@page {{ size: {width_px}px {height_px}px; margin: 0 }} html, body {{ margin: 0 }}"
            f" img {{ display: block; width: {width_px}px; height: {height_px}px }}</style>"
            f'<img src="data:image/svg+xml;base64,{source}" alt="">')
    pdf_bytes = HTML(string=page, url_fetcher=url_fetcher()).write_pdf()
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page_obj = pdf[0]
        page_width, _ = page_obj.get_size()
        image = page_obj.render(scale=width_px / page_width, fill_color=(255, 255, 255, 0)).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.convert("RGBA").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
