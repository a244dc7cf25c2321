"""Inline markup of a text field (`**strong**`, `*emphasis*`, links) to runs, with break offsets."""

from __future__ import annotations

from ..model.text import _inline_parser
from ..myanmar.segment import break_opportunities
from .nodes import Language, Run, Span


def parse_runs(source: str) -> list[Run]:
    """Runs of a marked-up string (no break opportunities yet)."""
    runs: list[Run] = []
    strong = emphasis = 0
    href: str | None = None
    for token in _inline_parser().parseInline(source):
        for t in token.children or []:
            if t.type == "strong_open":
                strong += 1
            elif t.type == "strong_close":
                strong -= 1
            elif t.type == "em_open":
                emphasis += 1
            elif t.type == "em_close":
                emphasis -= 1
            elif t.type == "link_open":
                href = str(t.attrGet("href") or "") or None
            elif t.type == "link_close":
                href = None
            elif t.type in ("text", "text_special"):
                _append(runs, Run(t.content, strong > 0, emphasis > 0, href))
            elif t.type in ("softbreak", "hardbreak"):
                _append(runs, Run(" ", strong > 0, emphasis > 0, href))
    return runs


def _append(runs: list[Run], run: Run) -> None:
    if not run.text:
        return
    if runs and (runs[-1].strong, runs[-1].emphasis, runs[-1].href) == (run.strong, run.emphasis, run.href):
        runs[-1] = Run(runs[-1].text + run.text, run.strong, run.emphasis, run.href)
    else:
        runs.append(run)


def make_span(source: str, lang: Language) -> Span:
    """A span in `lang` from a marked-up string, with Burmese line-break opportunities.

    Opportunities are found on the whole span (a word may cross a run boundary) and then handed
    to each run as local offsets.
    """
    runs = parse_runs(source)
    plain = "".join(r.text for r in runs)
    offsets = break_opportunities(plain)
    if offsets:
        located: list[Run] = []
        start = 0
        for r in runs:
            end = start + len(r.text)
            local = tuple(o - start for o in offsets if start < o < end)
            located.append(Run(r.text, r.strong, r.emphasis, r.href, local))
            start = end
        runs = located
    return Span(lang, tuple(runs))
