"""Inline text to runs: markup (`**strong**`, `*emphasis*`, links) parsed once, then located.

"Located" runs carry what writers must not work out themselves: Burmese line-break opportunities
(found by ICU on the whole span, since a word may cross a run boundary) and the script of each run
(a run is cut where Myanmar script starts or ends, see `myanmar.script.script_chunks`).

Spans are composed from runs directly (`join_runs`), never by turning runs back into markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..markup import inline_parser
from ..myanmar.protect import Protector
from ..myanmar.script import script_chunks
from ..myanmar.segment import LONG_STRETCH, phrase_breaks
from .nodes import Language, Run, Span

#: A capitalised English word (a name, a place, an organisation) long enough to be hyphenated at
#: all (WeasyPrint's default limit: 5 letters): never hyphenated. Not inside addresses (`www.ISP…`).
_CAPITALISED = re.compile(r"(?<![\w'’./@:-])[A-Z][\w'’-]{4,}")


def parse_runs(source: str) -> list[Run]:
    """Runs of a marked-up string, merged where the formatting is the same (not located yet)."""
    runs: list[Run] = []
    strong = emphasis = 0
    href: str | None = None
    for token in inline_parser().parseInline(source):
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


def unlocated(span: Span) -> list[Run]:
    """The runs of `span` as parsed: script cuts undone, no break opportunities (to compose spans)."""
    runs: list[Run] = []
    for r in span.runs:
        _append(runs, Run(r.text, r.strong, r.emphasis, r.href))
    return runs


def join_runs(*parts: Iterable[Run]) -> list[Run]:
    """Several sequences of (unlocated) runs as one, merged where the formatting is the same."""
    runs: list[Run] = []
    for part in parts:
        for r in part:
            _append(runs, Run(r.text, r.strong, r.emphasis, r.href))
    return runs


def locate(runs: Sequence[Run], lang: Language, protector: Protector | None = None,
           long_stretch: int = LONG_STRETCH) -> Span:
    """A span in `lang` from parsed runs: Burmese line-break opportunities, and one run per script.

    Opportunities are found on the whole span and handed to each run as local offsets; an
    opportunity exactly where a run is cut by script becomes offset 0 of the second piece. Burmese
    opportunities and glued spaces come from `myanmar.segment.phrase_breaks` (never inside a span
    `protector` protects); capitalised English words are marked not to hyphenate.
    """
    plain = "".join(r.text for r in runs)
    found = phrase_breaks(plain, protector, long_stretch)
    offsets, glue = found.breaks, found.glue
    located: list[Run] = []
    start = 0
    for r in runs:
        end = start + len(r.text)
        local = [o - start for o in offsets if start < o < end]
        local_glue = [o - start for o in glue if start < o < end]
        at = 0
        for chunk, script in script_chunks(r.text):
            stop = at + len(chunk)
            breaks = tuple(o - at for o in local if at <= o < stop)
            glued = tuple(o - at for o in local_glue if at <= o < stop)
            nohyphen = tuple(m.span() for m in _CAPITALISED.finditer(chunk)) if lang == "en" else ()
            located.append(Run(chunk, r.strong, r.emphasis, r.href, breaks, script, glued, nohyphen))
            at = stop
        start = end
    return Span(lang, tuple(located))


def make_span(source: str, lang: Language, protector: Protector | None = None,
              long_stretch: int = LONG_STRETCH) -> Span:
    """A span in `lang` from a marked-up string (a text field of the event)."""
    return locate(parse_runs(source), lang, protector, long_stretch)


def plain_span(text: str, lang: Language, protector: Protector | None = None,
               long_stretch: int = LONG_STRETCH) -> Span:
    """A span in `lang` from plain text (a label, a date): nothing in it is read as markup."""
    return locate([Run(text)] if text else [], lang, protector, long_stretch)
