"""Document -> HTML: one template for the printed memo (fed to WeasyPrint) and the web page.

The writer is deliberately dumb: every word, label, date, break opportunity, figure and "same text
in both languages" comes from the Document; this module decides only markup and which stylesheet
and font files go with it. Blocks go to the template's macros through one table (`MACROS`).

- `for_print=True`: HTML for WeasyPrint. Stylesheets and fonts are linked under the virtual root that
  `render.pdf.fetcher` serves; Burmese break opportunities become U+200B (see `PRINT_BREAK`).
- `for_print=False`: one self-contained web page. Stylesheets are inlined, fonts (subset to the
  characters used, WOFF2 when possible) and figures are embedded as `data:` URIs; break
  opportunities become `<wbr>`, which browsers leave out of copied text.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ...document.nodes import (
    Block,
    ChartFigure,
    Contact,
    Cover,
    DataCardBlock,
    Document,
    Figure,
    Heading,
    PageLabel,
    PageNumber,
    Paragraph,
    QuestionBlock,
    Run,
    Span,
    TurnBlock,
    iter_segments,
)
from ...links import safe_link
from ...resources import render_data
from ..assets import asset_url, figure_url
from ..fonts import FONTS, subset_font, subset_font_data
from .theme import image_src, theme_css

TEMPLATE = "memo.html.j2"
STYLESHEET = "memo.css"

#: What a break opportunity becomes in print. Measured with WeasyPrint 70 on the Burmese sample
#: (20 pages either way): U+200B gave 147 KB in 1.9 s, `<wbr>` 228 KB in 9.1 s. WeasyPrint draws
#: `<wbr>` as a `::before { content: "\200B" }` pseudo-element, one more inline box per word; the
#: inline U+200B keeps one text box per run. ActualText leaves it out of extracted text.
PRINT_BREAK = "\u200b"
WEB_BREAK = Markup("<wbr />")

#: The template macro (in macros.html.j2) that draws each kind of block.
MACROS: dict[type, str] = {
    Cover: "cover", Heading: "heading", Paragraph: "paragraph", TurnBlock: "turn", DataCardBlock: "card",
    QuestionBlock: "question", Contact: "contact",
}


def render_html(doc: Document, *, for_print: bool = False, extra_css: str = "") -> str:
    """Render `doc` as HTML: for WeasyPrint (`for_print=True`) or as a self-contained web page.

    `extra_css` (print only) comes after the memo's stylesheets: share cards set their page with it.
    """
    env = _environment()
    figures = {id(f): _figure_src(f, for_print) for b in _cards(doc.blocks) for f in b.pictures}
    context = {
        "doc": doc,
        "for_print": for_print,
        "break_mark": PRINT_BREAK if for_print else WEB_BREAK,
        "cover": next((b for b in doc.blocks if isinstance(b, Cover)), None),
        "figure_src": lambda fig: figures[id(fig)],
        "stylesheets": stylesheets(doc),
        "font_css": Markup(_font_css(doc, for_print)),
        "inline_css": Markup("" if for_print else _inline_css(doc)),
        "page_css": Markup(page_css(doc) if for_print else ""),
        # After a theme's CSS too: a share card's page is the card's, whatever the theme's page is.
        "extra_css": Markup(extra_css if for_print else ""),
        "created": _w3c_date(doc),
        # An organisation's theme (none: exactly the package's look).
        "theme_css": Markup(_theme_css(doc, for_print)),
        "logo": {"src": image_src(doc.theme.logo), "alt": doc.theme.name} if doc.theme and doc.theme.logo else None,
        "partials": frozenset(doc.theme.templates) if doc.theme else frozenset(),
        "partial": lambda kind, block, macros: _partial(doc, kind, block, macros),
    }
    return env.get_template(TEMPLATE).render(context)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # autoescape=True, not select_autoescape(): the latter does not escape *.html.j2 (DESIGN §4).
    env = Environment(
        loader=FileSystemLoader(str(render_data("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["kind"] = block_kind
    env.globals["safe_link"] = safe_link
    env.globals["chart_src"] = chart_src
    env.globals["asset_url"] = asset_url
    env.filters["runs"] = render_runs
    return env


def block_kind(block: Block) -> str:
    """The template macro name for a block (see `MACROS`); a block type without one is an error."""
    try:
        return MACROS[type(block)]
    except KeyError:
        raise TypeError(f"no HTML for {type(block).__name__}") from None


def render_runs(span: Span, mark: str | Markup) -> Markup:
    """The runs of a span as escaped HTML, with `mark` at each break opportunity.

    Runs cut only by script are drawn as one (the script is the DOCX writer's business; HTML lets
    the font stack pick), so the markup is one element per change of formatting.
    """
    out: list[str] = []
    for run in _by_formatting(span.runs):
        # Print only: browsers copy U+2060 into the clipboard (the web page leaves protected spaces
        # breakable) and do not hyphenate capitalised words by default anyway.
        printed = mark == PRINT_BREAK
        # Words never hyphenated (run.nohyphen) need no markup: the PDF writer tells WeasyPrint's
        # hyphenation dictionary (render.pdf.hyphenation); browsers do not hyphenate capitals anyway.
        html = _marked(run.text, run.breaks, mark, run.glue if printed else ())
        if run.emphasis:
            html = Markup("<em>") + html + Markup("</em>")
        if run.strong:
            html = Markup("<strong>") + html + Markup("</strong>")
        href = safe_link(run.href)
        if href:
            html = Markup('<a href="%s">') % href + html + Markup("</a>")
            # On paper a link's target is lost: the PDF prints it as a footnote (memo.css), unless
            # the link's text already is the address. (Only the print edition uses U+200B marks.)
            if mark == PRINT_BREAK and href.startswith(("http://", "https://")) \
                    and href.split("://", 1)[-1].rstrip("/") not in run.text:
                html += Markup('<span class="link-url">%s</span>') % href
        out.append(html)
    return Markup("").join(out)


def _by_formatting(runs: Iterable[Run]) -> Iterator[Run]:
    """Consecutive runs of the same formatting as one run, their offsets carried over."""
    current: Run | None = None
    for run in runs:
        if current is not None and (current.strong, current.emphasis, current.href) == (
                run.strong, run.emphasis, run.href):
            shift = len(current.text)
            current = Run(current.text + run.text, run.strong, run.emphasis, run.href,
                          current.breaks + tuple(o + shift for o in run.breaks),
                          glue=current.glue + tuple(o + shift for o in run.glue),
                          nohyphen=current.nohyphen + tuple((a + shift, b + shift) for a, b in run.nohyphen))
            continue
        if current is not None:
            yield current
        current = run
    if current is not None:
        yield current


#: Put right after a written space that must not break (a protected Burmese span): UAX #14 forbids a
#: break before WORD JOINER (LB11), which wins over the break after a space (LB18).
GLUE = "\u2060"
#: What HTML escaping changes (markupsafe.escape): text without any of these is its own escape.
_ESCAPED = re.compile("[&<>\"']")


def _marked(text: str, breaks: tuple[int, ...], mark: str | Markup, glue: tuple[int, ...] = ()) -> Markup:
    """`text` escaped, with `mark` at each break offset that does not split a cluster and U+2060 at
    each glue offset."""
    if not (breaks or glue):
        return escape(text)
    marks = str(escape(mark))  # a str mark (U+200B) is escaped, a Markup one (<wbr />) kept
    inserts: dict[int, list[str]] = {}
    for offset in sorted(set(breaks)):
        if 0 < offset < len(text):
            inserts.setdefault(offset, []).append(marks)
    for offset in glue:  # (0 too: the space may end the run before, cut by script)
        if 0 <= offset < len(text):
            inserts.setdefault(offset, []).append(GLUE)
    # Joined as plain strings (Markup.join would escape each piece again), and escaped piece by piece
    # only when the text has something to escape: most runs have none, and a print memo thousands.
    quote = escape if _ESCAPED.search(text) else str
    pieces: list[str] = []
    start = 0
    for offset in sorted(inserts):
        pieces.append(quote(text[start:offset]))
        pieces += inserts[offset]
        start = offset
    pieces.append(quote(text[start:]))
    return Markup("".join(pieces))


def stylesheets(doc: Document) -> list[str]:
    """`memo.css`, then each edition language's variant `memo.<lang>.css` that exists beside it."""
    names = [STYLESHEET]
    stem, suffix = STYLESHEET.rsplit(".", 1)
    for lang in doc.languages:
        variant = f"{stem}.{lang}.{suffix}"
        if render_data("templates", variant).is_file():
            names.append(variant)
    return names


def _inline_css(doc: Document) -> str:
    # Package files, not user input; "</" is escaped so no stylesheet text can close the <style> element.
    text = "\n".join(render_data("templates", name).read_text(encoding="utf-8") for name in stylesheets(doc))
    return text.replace("</", "<\\/")


def _cards(blocks: Iterable[Block]) -> Iterable[DataCardBlock]:
    return (b for b in blocks if isinstance(b, DataCardBlock))


def _figure_src(figure: Figure, for_print: bool) -> str:
    """Where the `<img>` finds a figure: its URL under the virtual root (print), or a `data:` URI."""
    if for_print:
        return figure_url(figure)
    return f"data:{figure.mime};base64,{base64.b64encode(figure.data).decode('ascii')}"


# -- fonts ------------------------------------------------------------------------------------------


def _font_css(doc: Document, for_print: bool) -> str:
    rules = []
    if for_print and _has_emphasis(doc):
        # The package ships no italic and WeasyPrint synthesises none (an <em> came out upright):
        # an oblique face made from the upright one (`oblique_font`) serves font-style: italic.
        # Browsers synthesise an oblique themselves, so the web page does without.
        for face in FONTS:
            if face.family == "Noto Sans":
                rules.append(
                    f'@font-face {{ font-family: "{face.family}"; font-style: italic; font-weight: {face.weight}; '
                    f'src: url("{asset_url("oblique", face.file)}") format("truetype"); }}'
                )
    chars = None if for_print else _characters(doc)
    for face in FONTS:
        if for_print:
            src = f'url("{asset_url("fonts", face.file)}") format("truetype")'
        else:
            assert chars is not None
            data, fmt = subset_font(face.file, chars)
            mime = "font/woff2" if fmt == "woff2" else "font/ttf"
            src = f'url("data:{mime};base64,{base64.b64encode(data).decode("ascii")}") format("{fmt}")'
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-style: normal; font-weight: {face.weight}; '
            f"src: {src}; }}"
        )
    return "\n".join(rules)


def _theme_css(doc: Document, for_print: bool) -> str:
    if doc.theme is None:
        return ""
    sources: dict[tuple[str, int], str] = {}
    chars = None if for_print else _characters(doc)
    for font in doc.theme.fonts:
        if chars is None:
            data, fmt, mime = font.data, "truetype", "font/ttf"
        else:
            data, fmt = subset_font_data(font.data, chars)
            mime = "font/woff2" if fmt == "woff2" else "font/ttf"
        sources[(font.family, font.weight)] = (
            f'url("data:{mime};base64,{base64.b64encode(data).decode("ascii")}") format("{fmt}")')
    return theme_css(doc.theme, for_print, sources)


def _partial(doc: Document, kind: str, block: Block, macros: Any) -> Markup:
    """A block drawn by the theme's template partial, in the sandbox (see `theme.sandbox`)."""
    from ...theme.sandbox import render_partial

    assert doc.theme is not None
    template = doc.theme.templates[kind]
    logo = {"src": image_src(doc.theme.logo), "alt": doc.theme.name} if doc.theme.logo else None
    context = {"block": block, "doc": doc, "seg": macros.seg, "default": getattr(macros, kind)(block),
               "logo": logo, "languages": doc.languages}
    return render_partial(template.source, template.path, context)


def _characters(doc: Document) -> frozenset[str]:
    text = "".join(s.plain for seg in iter_segments(doc) for s in seg.spans)
    text += "".join(s.plain for s in doc.running_header.spans)
    # Printable ASCII and typographic punctuation always: CSS-generated text and fallbacks need them.
    extra = "".join(map(chr, range(0x20, 0x7F))) + "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00b7"
    return frozenset(text + extra)


def _has_emphasis(doc: Document) -> bool:
    return any(run.emphasis for seg in iter_segments(doc) for span in seg.spans for run in span.runs)


# -- print-only CSS derived from the Document -------------------------------------------------------


def page_css(doc: Document) -> str:
    """The page-number rule: `doc.page_label` as CSS `content`, Myanmar digits for Burmese."""
    parts = [_page_label_content(doc.page_label[lang], lang) for lang in doc.languages if lang in doc.page_label]
    content = ' "   \u00b7   " '.join(parts) if parts else "counter(page)"
    return f"@page {{ @bottom-right {{ content: {content}; }} }}\n@page cover {{ @bottom-right {{ content: none; }} }}"


def _page_label_content(label: PageLabel, lang: str) -> str:
    # "Page {page} of {pages}" -> "Page " counter(page) " of " counter(pages); Burmese uses the
    # `myanmar` counter style of WeasyPrint's user-agent stylesheet (digits ၀-၉).
    style = ", myanmar" if lang == "my" else ""
    out: list[str] = []
    text = ""  # text runs between two numbers, one CSS string
    for part in label:
        if isinstance(part, PageNumber):
            if text:
                out.append(css_string(text))
                text = ""
            out.append(f"counter({part.which}{style})")
        else:
            text += part.text
    if text:
        out.append(css_string(text))
    return " ".join(out) or f"counter(page{style})"


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; quotes, backslashes, `<`, `>` and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):06x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _w3c_date(doc: Document) -> str:
    """The document's date for PDF metadata (W3C form: YYYY, YYYY-MM or YYYY-MM-DD), or ''."""
    return doc.created if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", doc.created) else ""


def chart_src(chart: ChartFigure) -> str:
    """A chart's SVG as a `data:` URL (the same for the web page and for WeasyPrint)."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg).decode("ascii")
