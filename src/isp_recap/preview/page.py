"""The preview page: the HTML edition with a toolbar and the live-reload client added, or the error
overlay (over the last good page) while an input is wrong."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from ..diagnostics import Diagnostic
from .session import EDITIONS

ASSETS = Path(__file__).resolve().parent / "assets"


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def page_url(edition: str) -> str:
    """Where the preview serves an edition's page."""
    return f"/memo.{edition}.html"


def pdf_url(edition: str) -> str:
    """Where the preview renders an edition's PDF on demand."""
    return f"/memo.{edition}.pdf"


def toolbar(edition: str, version: int) -> str:
    """The language switch, the PDF link and the live-reload client (one script, no other files)."""
    current = ' aria-current="page"'
    links = "".join(f'<a href="{page_url(e)}"{current if e == edition else ""}>{e}</a>' for e in EDITIONS)
    return (f'<nav id="isp-preview-bar" aria-label="isp-recap preview">{links}'
            f'<a class="isp-preview-pdf" href="{pdf_url(edition)}" target="_blank" rel="noopener">PDF</a></nav>'
            f'<script data-edition="{escape(edition)}" data-version="{version}">{_asset("preview.js")}</script>')


def inject(html: str, edition: str, version: int, extra: str = "") -> str:
    """`html` with the preview's stylesheet in its head and toolbar (and `extra`) at the end of its body."""
    style = f'<style id="isp-preview-style">{_asset("preview.css")}</style>'
    head, sep, rest = html.partition("</head>")
    html = head + style + sep + rest if sep else style + html
    body, sep, tail = html.rpartition("</body>")
    if not sep:
        return html + extra + toolbar(edition, version)
    return body + extra + toolbar(edition, version) + sep + tail


def overlay(diagnostics: list[Diagnostic], quote: dict[int, str | None]) -> str:
    """The error list: every diagnostic as `PATH:LINE:COL: error[code]: message`, with its line quoted
    (`quote[i]` is the source line of diagnostic i, when known) and a caret under the column."""
    items = []
    for i, d in enumerate(diagnostics):
        text = f'<code class="isp-preview-where">{escape(d.format())}</code>'
        line = quote.get(i)
        if line is not None:
            gutter = f"{d.line} | "
            caret = " " * (len(gutter) + max(d.col - 1, 0)) + "^" if d.col else ""
            text += f'<pre class="isp-preview-source">{escape(gutter + line)}\n{caret}</pre>'
        items.append(f'<li class="{escape(d.severity)}">{text}</li>')
    count = len(diagnostics)
    title = f"{count} problem{'s' if count != 1 else ''} in the inputs; fix and save, the page comes back by itself"
    return (f'<div id="isp-preview-overlay" role="alert"><h1>{escape(title)}</h1>'
            f'<ol>{"".join(items)}</ol></div>')


def error_page(diagnostics: list[Diagnostic], quote: dict[int, str | None], edition: str, version: int,
               last_good: str | None) -> str:
    """The overlay over the last good page of the edition, or on a blank page if there was none."""
    base = last_good or ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                         "<title>isp-recap preview: errors</title></head><body></body></html>")
    return inject(base, edition, version, overlay(diagnostics, quote))
