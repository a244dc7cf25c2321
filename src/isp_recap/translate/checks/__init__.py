"""Translation checks: a table of rules (like markdown-it's), each a small function over one text.

    findings = run_checks(memo, positions, "event.yaml")    # sorted Diagnostics

Each finding has a code, the YAML position of the value it is about, and a hint. Errors fail
`isp-recap check` and block a release; warnings are reported only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...diagnostics import Diagnostic, sort_diagnostics
from ...model import Language, Memo
from ...model.walk import Loc, iter_texts
from ...source.yaml_tree import Positions
from ..glossary import Glossary
from . import document, numbers, script, text, words
from .base import Context, Finding, Item, Rule

RULES: tuple[Rule, ...] = (
    Rule("missing-translation", "error", "the Burmese is missing (or the English of a Burmese-only text)",
         text=text.missing, needs_target=False),
    Rule("zawgyi", "error", "the Burmese is Zawgyi-encoded, not Unicode", text=script.zawgyi, fixable=True,
         needs_english=False),
    Rule("malformed-syllable", "error", "syllables that would be drawn with a dotted circle (HarfBuzz)",
         text=script.malformed_syllable, needs_english=False),
    Rule("lookalike", "error", "digits typed for letters (၀ for ဝ, ၇ for ရ) and letters for digits",
         text=script.lookalike, needs_english=False),
    Rule("number-mismatch", "error", "figures that differ between the languages, compared by value",
         text=numbers.number_mismatch),
    Rule("url-mismatch", "error", "web or e-mail addresses that differ", text=text.url_mismatch),
    Rule("glossary", "error", "a glossary term not rendered as the glossary requires", text=document.glossary),
    Rule("identical", "warning", "the Burmese is the English, unchanged", text=text.identical),
    Rule("untranslated-latin", "warning", "Latin words left in the Burmese (acronyms, names, allow-list excepted)",
         text=words.untranslated_latin),
    Rule("end-punctuation", "warning", "sentence-final ။ missing, or a Latin '.' ending Burmese",
         text=text.end_punctuation),
    Rule("unbalanced", "warning", "brackets or quotes that do not pair up", text=text.unbalanced,
         needs_target=False),
    Rule("markup-mismatch", "warning", "bold, emphasis or links in one language only", text=text.markup_mismatch),
    Rule("length-ratio", "warning", "a translation far longer or shorter than the document's norm",
         document=document.length_ratio),
    Rule("draft", "warning", "translations still marked draft", document=document.drafts),
)

CODES = tuple(rule.code for rule in RULES)


@dataclass(frozen=True)
class Result:
    """A finding as a diagnostic, with what `--fix` needs: the value's path and its replacement."""

    diagnostic: Diagnostic
    loc: Loc | None = None
    fix: str | None = None


def items_of(memo: Memo) -> list[Item]:
    """Every bilingual text of `memo` as a check item."""
    out = []
    for ref in iter_texts(memo):
        my = ref.text.my if ref.text.my and ref.text.my.strip() else None
        out.append(Item(ref, ref.text.en, my, ref.text.status or memo.translation_status,
                        ref.text.status is not None))
    return out


def context_for(memo: Memo, glossary: Glossary | None = None) -> Context:
    """The check context: allow-list (built-in and glossary) and the names the memo declares."""
    glossary = glossary or Glossary()
    names: set[str] = set()
    sources = [p.name.pick("en") for p in memo.people]
    if memo.organisation.short_name:
        sources.append(memo.organisation.short_name.pick("en"))
    for value in sources:
        names.update(w for w in re.split(r"[\s\-/&,]+", value) if w)
    allow = {w.casefold() for w in words.BUILTIN_ALLOW | glossary.allow}
    return Context(memo, glossary, frozenset(allow), frozenset(names))


def _position(positions: Positions, item: Item | None, finding: Finding) -> tuple[int, int]:
    if finding.at is not None:
        return positions.of_key(finding.at)
    assert item is not None
    loc = item.ref.loc
    if (*loc, finding.lang) not in positions.values:
        return positions.of_key(loc)
    value = item.my if finding.lang == "my" else item.en
    if finding.offset is not None and value is not None:
        return positions.of_offset((*loc, finding.lang), value, finding.offset)
    return positions.of_value((*loc, finding.lang))


def collect(memo: Memo, positions: Positions, path: str, glossary: Glossary | None = None,
            select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> list[Result]:
    """Run the rules (all, or those in `select`, minus `ignore`) and return every finding."""
    chosen = set(select) if select is not None else set(CODES)
    chosen -= set(ignore)
    unknown = chosen - set(CODES)
    if unknown:
        raise ValueError(f"unknown check code(s): {', '.join(sorted(unknown))}; known: {', '.join(CODES)}")
    ctx = context_for(memo, glossary)
    items = items_of(memo)
    results: list[Result] = []

    def add(rule: Rule, item: Item | None, finding: Finding) -> None:
        line, col = _position(positions, item, finding)
        diag = Diagnostic(path, line, col, rule.code, finding.message, finding.severity or rule.severity,
                          finding.hint)
        loc = (*item.ref.loc, finding.lang) if item is not None else finding.at
        results.append(Result(diag, loc, finding.fix))

    for rule in RULES:
        if rule.code not in chosen:
            continue
        if rule.document is not None:
            for item_or_none, finding in rule.document(items, ctx):
                add(rule, item_or_none, finding)
        if rule.text is not None:
            for item in items:
                if rule.needs_target and (item.my is None or (rule.needs_english and item.en is None)):
                    continue  # nothing to check, or nothing to compare with
                # Zawgyi text reads as nonsense to every other check until it is converted.
                if rule.needs_target and rule.code != "zawgyi" and script.is_zawgyi_item(item, ctx):
                    continue
                for finding in rule.text(item, ctx):
                    add(rule, item, finding)
    return results


def run_checks(memo: Memo, positions: Positions, path: str, glossary: Glossary | None = None,
               select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Every finding of the translation checks, as diagnostics in file order."""
    return sort_diagnostics(r.diagnostic for r in collect(memo, positions, path, glossary, select, ignore))


__all__ = ["CODES", "RULES", "Context", "Finding", "Item", "Language", "Result", "Rule", "collect",
           "context_for", "items_of", "run_checks"]
