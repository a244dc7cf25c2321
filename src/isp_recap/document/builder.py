"""Memo -> Document: the one place that decides what an edition says and in which order."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, IspRecapError
from ..links import tel_link
from ..locale.catalogs import N_, Labels, load_labels
from ..locale.formatting import format_date, format_month, format_number, format_partial_date
from ..model import DataCard, Memo, Person, Question, Text, Turn
from ..model.walk import iter_texts, iter_texts_in, status_of
from ..myanmar.protect import Protector
from ..myanmar.script import LITTLE_SECTION, script_chunks
from ..myanmar.segment import LONG_STRETCH
from .inline import join_runs, locate, make_span, parse_runs, plain_span, unlocated
from .nodes import (
    Block,
    Contact,
    Cover,
    CoverSize,
    DataCardBlock,
    Document,
    Edition,
    Figure,
    Heading,
    Language,
    PageLabel,
    PageNumber,
    Paragraph,
    QuestionBlock,
    Run,
    Segment,
    Span,
    Speaker,
    TurnBlock,
)
from .theme import edition_theme

if TYPE_CHECKING:
    from ..theme.load import LoadedTheme

EDITIONS: tuple[Edition, ...] = ("en", "my", "bilingual")
ROLE_LABELS = {"host": N_("Host"), "lead_panelist": N_("Lead Panelist"), "co_panelist": N_("Co-panelist"),
               "speaker": N_("Speaker")}
SOURCE_LABELS = {"pre_submitted": N_("Pre-submitted question"), "chat": N_("Question submitted via chat"),
                 "raised_hand": N_("Question asked by raised hand"), "email": N_("Question sent by e-mail"),
                 "other": N_("Question from the audience")}
SOURCE_ASKER_LABELS = {"pre_submitted": N_("Pre-submitted question from {name}"),
                       "chat": N_("Question from {name}, submitted via chat"),
                       "raised_hand": N_("Question from {name}, asked by raised hand"),
                       "email": N_("Question from {name}, sent by e-mail"),
                       "other": N_("Question from {name}")}
SERIES_LABELS = {"data_matters": N_("ISP Data Matters"), "mapping": N_("ISP Mapping")}
CARD_DRAFT = N_("Draft translation, not yet reviewed")


#: Date patterns and the title/subtitle separator come from the catalogs: CLDR's Burmese patterns
#: (`၂၀၂၅ စက်တင်ဘာ`) leave out the ခုနှစ် and လ a Burmese writer puts in (docs/burmese-line-breaking.md).
MONTH_PATTERN = N_("{month} {year}")
DATE_PATTERN = N_("{month} {day}, {year}")
TITLE_PATTERN = N_("{title}: {subtitle}")
NBSP = "\u00a0"
#: Running headers: characters of each language's part that fit the header line (7.5 pt over the
#: 170 mm text width: about 120 of English, 150 of Burmese; half each in the bilingual edition).
HEADER_BUDGET: dict[str, dict[Language, int]] = {"en": {"en": 110, "my": 140}, "my": {"en": 110, "my": 140},
                                                 "bilingual": {"en": 52, "my": 64}}
#: A title shortened to fewer characters than this is left out: the series alone heads the page.
MIN_HEADER_TITLE = 12
#: The title's subtitle counts at this weight against the cover's room (its type is smaller).
SUBTITLE_WEIGHT = 0.3
#: How much title each cover size holds, by edition and the title's language: (summary, title) points,
#: where `title` counts the title's characters and `SUBTITLE_WEIGHT` of the subtitle's, and `summary`
#: the summary set under the band (`summary_length`); between points the room is interpolated.
#: Measured by bench/cover_room.py (WeasyPrint, the shipped stylesheet, the draft notice of the
#: Burmese and bilingual editions): the longest title whose cover still ended on page 1; the builder
#: uses `COVER_MARGIN` of it. A language a one-language edition shows only in place of a missing
#: text (an English title in the Burmese edition) takes the other edition's figures.
COVER_ROOM: dict[Edition, dict[Language, dict[CoverSize, tuple[tuple[int, int], ...]]]] = {
    "en": {"en": {
        "display": ((0, 244), (150, 206), (300, 195), (450, 143), (600, 116), (900, 53), (1200, 0)),
        "long": ((0, 437), (150, 363), (300, 330), (450, 261), (600, 219), (900, 132), (1200, 0)),
        "longer": ((0, 759), (150, 649), (300, 590), (450, 464), (600, 378), (900, 192), (1200, 53)),
    }},
    "my": {"my": {
        "display": ((0, 231), (150, 153), (300, 124), (450, 86), (600, 42), (900, 0)),
        "long": ((0, 437), (150, 288), (300, 268), (450, 164), (600, 112), (900, 0)),
        "longer": ((0, 683), (150, 522), (300, 448), (450, 295), (600, 160), (900, 0)),
    }},
    "bilingual": {
        "en": {
            "display": ((0, 86), (150, 63), (300, 41), (450, 26), (600, 0)),
            "long": ((0, 176), (150, 130), (300, 106), (450, 50), (600, 17), (900, 0)),
            "longer": ((0, 278), (150, 212), (300, 148), (450, 97), (600, 22), (900, 0)),
        },
        "my": {
            "display": ((0, 127), (150, 96), (300, 58), (450, 18), (600, 0)),
            "long": ((0, 210), (150, 146), (300, 100), (450, 60), (600, 0)),
            "longer": ((0, 381), (150, 277), (300, 217), (450, 111), (600, 38), (900, 0)),
        },
    },
}
COVER_MARGIN = 0.85
#: Code points of Burmese per code point of its English, about (the sample's summary: 399 and 260):
#: the bilingual cover's summary is as tall as its longer column, counted in Burmese.
MY_PER_EN = 1.5
#: The sizes a cover steps down through, largest first; a title too long for `longer` still takes
#: the cover's band onto a second page, in the smallest size.
COVER_SIZES: tuple[CoverSize, ...] = ("display", "long", "longer")
#: The longest unbroken stretch in display type: a 25 pt cover title in a bilingual column holds about
#: 24 code points of Burmese a line.
DISPLAY_STRETCH = 16


def cover_room(edition: Edition, lang: Language, size: CoverSize, summary: int = 0) -> float:
    """Weighted title characters the cover holds at `size` above a summary of `summary` characters
    (0: none), interpolated between the measured points; 0 past the last one."""
    rooms = COVER_ROOM[edition]
    points = (rooms[lang] if lang in rooms else COVER_ROOM[lang][lang])[size]
    for (s0, c0), (s1, c1) in itertools.pairwise(points):
        if s0 <= summary <= s1:
            return COVER_MARGIN * (c0 + (c1 - c0) * (summary - s0) / (s1 - s0))
    return 0.0


def summary_length(edition: Edition, summary: Segment) -> int:
    """The summary's length as `COVER_ROOM` counts it: its characters in a one-language edition; in the
    bilingual one, the longer column's, in Burmese code points."""
    lengths = {span.lang: len(span.plain) for span in summary.spans}
    if edition != "bilingual":
        return max(lengths.values())
    return round(max(lengths.get("my", 0), MY_PER_EN * lengths.get("en", 0)))


def cover_size(edition: Edition, texts: Mapping[Language, tuple[str, str]], summary: int = 0) -> CoverSize | None:
    """The largest type size at which these (title, subtitle) texts by language fit the cover above
    a summary of `summary` characters (0: none); None if no size does."""
    for size in COVER_SIZES:
        if all(len(title) + SUBTITLE_WEIGHT * len(subtitle) <= cover_room(edition, lang, size, summary)
               for lang, (title, subtitle) in texts.items()):
            return size
    return None


def protector_for(memo: Memo, keep_together: Iterable[str] = ()) -> Protector:
    """What a Burmese line must not break inside, for this memo: every person's name, the series, the
    organisation, the glossary's terms and `keep_together:` list, the shipped place names."""
    names: list[str] = [*keep_together]
    texts = [p.name for p in memo.people] + [memo.event.series, memo.organisation.name]
    texts += [memo.organisation.short_name] if memo.organisation.short_name else []
    names += [t.my for t in texts if t.my]
    return Protector.of(names)


def missing_translations(memo: Memo, language: Language = "my") -> list[tuple[str | int, ...]]:
    """YAML paths of texts that have nothing in `language` yet (no Burmese, or Burmese only)."""
    return [ref.loc for ref in iter_texts(memo) if not ref.text.get(language)]


def missing_message(loc: tuple[str | int, ...], language: Language) -> str:
    """What a build says about a text without `language`."""
    where = ".".join(map(str, loc))
    if language == "my":
        return f"{where} has no Burmese translation (my:)"
    return f"{where} has no English translation (en:); it is in Burmese only"


class _Builder:
    def __init__(self, memo: Memo, edition: Edition, labels: dict[Language, Labels], base_dir: Path | None,
                 keep_together: Iterable[str] = (), colours: dict[str, str] | None = None):
        self.memo = memo
        #: The theme's colours by role (empty: the package's look).
        self.colours = colours or {}
        self.edition = edition
        self.languages: tuple[Language, ...] = ("en", "my") if edition == "bilingual" else (edition,)
        self.labels = labels
        self.base_dir = base_dir
        self.protector = protector_for(memo, keep_together)
        #: The longest stretch without a break (code points); less while building display type.
        self.stretch = LONG_STRETCH

    def locate(self, runs: Sequence[Run], lang: Language) -> Span:
        """Runs located with this memo's protected spans and the current stretch limit."""
        return locate(runs, lang, self.protector, self.stretch)

    def display(self, make: Callable[[], Segment]) -> Segment:
        """A segment set in display type (cover title, headings): shorter unbroken stretches."""
        self.stretch = DISPLAY_STRETCH
        try:
            return make()
        finally:
            self.stretch = LONG_STRETCH

    # -- segments -----------------------------------------------------------------------------
    def text(self, text: Text) -> Segment:
        spans = []
        for lang in self.languages:
            # The other language stands in only for a gap that was allowed (checked up front).
            value = text.pick(lang)
            spans.append(make_span(value, lang, self.protector, self.stretch))
        return segment(spans)

    def per_language(self, make: Callable[[Language], str]) -> Segment:
        """Plain text (a label, a date) made per language; nothing in it is read as markup."""
        return segment([plain_span(make(lang), lang, self.protector, self.stretch) for lang in self.languages])

    def same(self, value: str) -> Segment:
        """The same literal text in every language."""
        return self.per_language(lambda lang: value)

    def label(self, msgid: str, **values: object) -> Segment:
        return self.per_language(lambda lang: self.labels[lang](msgid, **values))

    def label_with(self, msgid: str, **values: Callable[[Language], object]) -> Segment:
        return self.per_language(lambda lang: self.labels[lang](msgid, **{k: f(lang) for k, f in values.items()}))

    # -- blocks -------------------------------------------------------------------------------
    def speaker(self, person: Person) -> Speaker:
        details = tuple(self.text(t) for t in (person.position, person.department) if t is not None)
        return Speaker(person.id, self.text(person.name), self.label(ROLE_LABELS[person.role]), details)

    def turn(self, turn: Turn) -> TurnBlock:
        return TurnBlock(self.speaker(self.memo.person(turn.speaker)),
                         tuple(self.text(p) for p in turn.paragraphs), getattr(turn, "at", None))

    def question(self, q: Question) -> QuestionBlock:
        if q.asker is not None:
            asker = q.asker
            label = self.label_with(SOURCE_ASKER_LABELS[q.source], name=lambda lang: asker.pick(lang))
        else:
            label = self.label(SOURCE_LABELS[q.source])
        answers = tuple(
            TurnBlock(self.speaker(self.memo.person(a.speaker)) if a.speaker else None,
                      tuple(self.text(p) for p in a.paragraphs),
                      label=None if a.speaker else self.label("Written answer"))
            for a in q.answers
        )
        return QuestionBlock(q.id, label, self.text(q.text), answers)

    def cover(self) -> tuple[Cover, Segment | None]:
        """The cover, and the summary when it does not fit there (it then opens the event's part)."""
        ev = self.memo.event
        series = self.text(ev.series)
        if ev.episode is not None:
            episode = ev.episode
            # "Episode 8" never splits across lines, nor does the separator start one.
            series = self.join(series, self.label_with(
                "Episode {number}", number=lambda lang: format_number(episode, lang)), keep=True)
        summary = self.text(ev.summary) if ev.summary is not None else None
        facts = []
        pub = self.memo.publication
        if pub and pub.date:
            year, month = (int(p) for p in pub.date.split("-"))
            facts.append(self.label_with("Published in {date}", date=lambda lang: self.month(year, month, lang)))
        notice = None
        if "my" in self.languages and any(status_of(r.text, self.memo) == "draft" for r in iter_texts(self.memo)):
            notice = self.label("Draft translation: the Burmese text of this edition has not yet been reviewed.")
        title = self.display(lambda: self.text(ev.title))
        sub = ev.subtitle
        subtitle = self.display(lambda: self.text(sub)) if sub else None
        texts = {span.lang: (span.plain, _plain(subtitle, span.lang)) for span in title.spans}
        # The summary stays under the band while some size holds the title above it; a summary too long
        # for any would push the cover onto a second page, so it moves to where the event's part begins.
        size = cover_size(self.edition, texts, summary_length(self.edition, summary)) if summary else None
        if summary and size:
            facts.insert(0, summary)
            summary = None
        size = size or cover_size(self.edition, texts) or "longer"
        return Cover(series, title, subtitle, self.per_language(lambda lang: self.day(ev.date, lang)),
                     tuple(facts), notice, size), summary

    def month(self, year: int, month: int, lang: Language) -> str:
        """A month as the catalog phrases it (`၂၀၂၅ ခုနှစ် စက်တင်ဘာလ`), names and digits from Babel."""
        return format_month(year, month, lang, self.labels[lang](MONTH_PATTERN))

    def day(self, value: dt.date, lang: Language) -> str:
        """A day as the catalog phrases it (`၂၀၂၅ ခုနှစ် ဧပြီလ ၂၆ ရက်`)."""
        return format_date(value, lang, pattern=self.labels[lang](DATE_PATTERN))

    def title_with_subtitle(self, title: Segment, subtitle: Segment) -> Segment:
        """Title and subtitle joined by the language's separator (a colon in English, none in Burmese)."""
        spans = []
        for st, ss in zip(title.spans, subtitle.spans, strict=True):
            before, sep, after = _pattern_parts(self.labels[st.lang](TITLE_PATTERN))
            runs = join_runs([Run(before)] if before else [], unlocated(st), [Run(sep)], unlocated(ss),
                             [Run(after)] if after else [])
            spans.append(self.locate(runs, st.lang))
        return segment(spans)

    def join(self, a: Segment, b: Segment, sep: str = " · ", keep: bool = False) -> Segment:
        """`a`, then `sep` (plain text), then `b`, in every language; with `keep`, `b`'s spaces and the
        one before `sep` do not break (no-break spaces)."""
        spans = []
        for sa, sb in zip(a.spans, b.spans, strict=True):
            second = unlocated(sb)
            if keep:
                sep = NBSP + sep[1:] if sep.startswith(" ") else sep
                second = [Run(r.text.replace(" ", NBSP), r.strong, r.emphasis, r.href) for r in second]
            spans.append(self.locate(join_runs(unlocated(sa), [Run(sep)], second), sa.lang))
        return segment(spans)

    def running_header(self, budget: dict[Language, int]) -> Segment:
        """Series and title for the page header, the title shortened with an ellipsis at a word (or
        Burmese phrase) boundary to fit `budget` characters, or the series alone."""
        ev = self.memo.event
        spans = []
        for lang in self.languages:
            series = _strip(ev.series.pick(lang))
            title = _strip(ev.title.pick(lang))
            room = budget[lang] - len(series) - 3
            if len(title) > room:
                cut = title[:max(room - 1, 0)].rstrip()
                cut = cut[:cut.rfind(" ")].rstrip(" ,;:-\u2014") if " " in cut else ""
                title = cut + "\u2026" if len(cut) >= MIN_HEADER_TITLE else ""
            spans.append(plain_span(series + (" \u2014 " + title if title else ""), lang, self.protector))
        return segment(spans)

    def contact(self) -> Contact:
        org = self.memo.organisation
        lines: list[Segment] = []
        links: list[str | None] = []
        if org.established is not None:
            year = org.established
            lines.append(self.label_with("Established in {year}.", year=lambda lang: _year(year, lang)))
            links.append(None)
        if org.phone:
            # Phone numbers, addresses for e-mail and the web are dialled and typed in Latin digits.
            lines.append(self.same(org.phone))
            links.append(tel_link(org.phone))
        if org.address:
            lines.append(self.text(org.address))
            links.append(None)
        if org.email:
            lines.append(self.same(org.email))
            links.append(f"mailto:{org.email}")
        if org.website:
            lines.append(self.same(org.website.split("://", 1)[-1]))
            links.append(org.website)
        return Contact(self.text(org.name), tuple(lines), tuple(links))

    def blocks(self) -> list[Block]:
        m = self.memo
        cover, moved_summary = self.cover()
        out: list[Block] = [cover]
        if m.concept_note:
            out.append(Heading(1, self.label("Concept Note")))
            out += [Paragraph(self.text(p)) for p in m.concept_note]
        title = self.display(lambda: self.text(m.event.title))
        if m.event.subtitle:
            subtitle = m.event.subtitle
            title = self.display(lambda: self.title_with_subtitle(title, self.text(subtitle)))
        out.append(Heading(1, title, kind="event", size=cover.size))
        out += [Paragraph(moved_summary, "lead")] if moved_summary else []
        out += [Paragraph(self.text(t), "lead") for t in (m.event.audience, m.event.recording) if t]
        for item in m.programme:
            if item.turn:
                out.append(self.turn(item.turn))
            elif item.section:
                out.append(Heading(2, self.text(item.section), kind="section"))
            elif item.data_card:
                out.append(self.data_card(item.data_card))
        if m.qa:
            out.append(Heading(1, self.label("Q&A")))
            for qa in m.qa:
                out.append(self.turn(qa.turn) if qa.turn else self.question(qa.question))  # type: ignore[arg-type]
        if m.closing:
            out.append(Heading(1, self.label("Closing Remarks")))
            out += [self.turn(t) for t in m.closing]
        if m.appendix:
            out.append(Heading(1, self.label("Appendix Questions"), kind="appendix"))
            if m.appendix.intro:
                out.append(Paragraph(self.text(m.appendix.intro), "lead"))
            out += [self.question(q) for q in m.appendix.questions]
        if m.related:
            out.append(Heading(1, self.label("Related Publications")))
            if m.related.intro:
                out.append(Paragraph(self.text(m.related.intro)))
            for pub in m.related.publications:
                seg = self.text(pub.title)
                if pub.url:
                    url = pub.url
                    seg = segment([self.locate([Run(r.text, r.strong, r.emphasis, url) for r in unlocated(s)], s.lang)
                                   for s in seg.spans])
                out.append(Paragraph(seg, "lead"))
        out.append(self.contact())
        return out

    def figure(self, image: str, alt: Text | None, lang: Language | None = None) -> Figure:
        """The image of a data card, read, bounded and decoded here, once (see `source.assets`).

        With `lang`, the picture is that language's own: its alternative text is in `lang` only."""
        from ..source.assets import AssetError, read_image

        if self.base_dir is None:
            raise IspRecapError([Diagnostic(image, 0, 0, "bad-image",
                                            "a data card has an image, but the event folder is not known "
                                            "(give build_document a base_dir)")])
        try:
            decoded = read_image(self.base_dir, image)
        except AssetError as exc:
            raise IspRecapError([Diagnostic(str(self.base_dir / image), 0, 0, "bad-image",
                                            f"image {image!r}: {exc}")]) from None
        alt_segment = self.text(alt) if alt else None
        if alt_segment is not None and lang is not None:
            alt_segment = Segment(tuple(s for s in alt_segment.spans if s.lang == lang))
        return Figure(decoded.data, decoded.mime, decoded.width, decoded.height,
                      PurePosixPath(image).as_posix(), alt_segment, lang)

    def card_pictures(self, card: DataCard) -> tuple[Figure | None, tuple[Figure, ...]]:
        """A card's picture: one for the edition (`figure`), or one per language (`language_figures`)
        when the bilingual edition has a different picture for each language's column."""
        if not card.image:
            return None, ()
        if isinstance(card.image, str):
            return self.figure(card.image, card.image_alt), ()
        paths = {lang: card.image.get(lang) for lang in self.languages}
        if len(set(paths.values())) == 1:  # one language, or one picture for both
            return self.figure(paths[self.languages[0]], card.image_alt), ()
        return None, tuple(self.figure(paths[lang], card.image_alt, lang) for lang in self.languages)

    def data_card(self, card: DataCard) -> DataCardBlock:
        number = card.number
        kicker = self.label_with("{series} Number {number}",
                                 series=lambda lang: self.labels[lang](SERIES_LABELS[card.series]),
                                 number=lambda lang: format_number(number, lang).replace(",", "")
                                 .replace(LITTLE_SECTION, ""))
        figure, language_figures = self.card_pictures(card)
        note = None
        if card.note:
            text = card.note
            note = segment([
                self.locate(join_runs([Run(self.labels[lang](N_("Note:")), strong=True), Run(" ")],
                                 parse_runs(text.pick(lang))), lang)
                for lang in self.languages
            ])
        as_of = None
        if card.as_of is not None:
            when = card.as_of
            as_of = self.label_with("Data as of {date}", date=lambda lang: format_partial_date(when, lang))
        draft_mark = None
        if "my" in self.languages and any(status_of(r.text, self.memo) == "draft"
                                          for r in iter_texts_in(card, self.memo)):
            draft_mark = self.label(CARD_DRAFT)
        from .card_figures import chart_figures, chart_source, stat_callouts

        return DataCardBlock(card.id, card.series, kicker, self.display(lambda: self.text(card.title)),
                             tuple(self.text(p) for p in card.body), figure, note,
                             # The callout's number is display type (a "USD 3.6 billion" line at
                             # 20 pt): shorter unbroken stretches, so it breaks at its spaces.
                             stats=stat_callouts(card, self.labels,
                                                 lambda make: self.display(lambda: self.per_language(make)),
                                                 self.text),
                             language_figures=language_figures,
                             charts=chart_figures(card, self.languages, self.labels, self.colours),
                             chart_source=chart_source(card, self.labels, self.per_language), as_of=as_of,
                             draft_mark=draft_mark)


def _pattern_parts(pattern: str) -> tuple[str, str, str]:
    """A `{title}…{subtitle}` pattern as (before, between, after); the English pattern if malformed."""
    head, sep, tail = pattern.partition("{title}")
    between, sep2, after = tail.partition("{subtitle}")
    if not sep or not sep2:
        return "", ": ", ""
    return head, between, after


def _year(year: int, lang: str) -> str:
    from ..myanmar.digits import to_myanmar_digits

    return to_myanmar_digits(str(year)) if lang == "my" else str(year)


def segment(spans: Sequence[Span]) -> Segment:
    """A segment of `spans`, marked `same` when every language has the very same text."""
    keys = {tuple((r.text, r.strong, r.emphasis, r.href) for r in s.runs) for s in spans}
    return Segment(tuple(spans), same=len(spans) > 1 and len(keys) == 1)


def page_label(label: str) -> PageLabel:
    """"Page {page} of {pages}" (translated) as text runs, one per script, and page numbers."""
    parts: list[Run | PageNumber] = []
    for piece in re.split(r"(\{page\}|\{pages\})", label):
        if piece in ("{page}", "{pages}"):
            parts.append(PageNumber("page" if piece == "{page}" else "pages"))
        elif piece:
            parts += [Run(chunk, script=script) for chunk, script in script_chunks(piece)]
    return tuple(parts)


def build_document(memo: Memo, edition: Edition, *, base_dir: Path | None = None,
                   locales: Path | None = None, allow_missing: bool = False,
                   theme: LoadedTheme | None = None, keep_together: Iterable[str] = ()) -> Document:
    """Build one edition (`"en"`, `"my"` or `"bilingual"`) of the memo as a format-neutral Document.

    Raises `IspRecapError` if the edition needs Burmese or English that is missing (unless
    `allow_missing`, which falls back to the other language). `theme` (from `isp_recap.theme.load_theme`) gives the
    edition an organisation's look. `keep_together` are Burmese terms a line must not break inside,
    beyond the memo's own names (the glossary's renderings and `keep_together:` list).
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {EDITIONS}")
    languages: tuple[Language, ...] = ("en", "my") if edition == "bilingual" else (edition,)
    if not allow_missing:
        missing = [Diagnostic("<event>", 0, 0, "missing-translation", missing_message(loc, lang))
                   for lang in languages for loc in missing_translations(memo, lang)]
        if missing:
            raise IspRecapError(missing)
    labels = {lang: load_labels(lang, locales) for lang in languages}
    document_theme = edition_theme(theme, languages) if theme else None
    builder = _Builder(memo, edition, labels, base_dir, keep_together,
                       document_theme.colours if document_theme else None)
    blocks = builder.blocks()
    main: Language = "my" if edition == "my" else "en"
    ev = memo.event
    title = f"{ev.title.pick(main)}"
    if ev.subtitle:
        before, sep, after = _pattern_parts(labels[main](TITLE_PATTERN))
        title = before + title + sep + (ev.subtitle.pick(main)) + after
    author_text = memo.publication.author if memo.publication and memo.publication.author else memo.organisation.name
    header = builder.running_header(HEADER_BUDGET[edition])
    page_labels = {lang: page_label(labels[lang](N_("Page {page} of {pages}"))) for lang in languages}
    draft = (
        "my" in languages and any(status_of(r.text, memo) == "draft" for r in iter_texts(memo)))
    return Document(
        edition=edition, languages=languages, title=_strip(title), author=author_text.pick(main),
        subject=_strip(ev.series.pick(main)), keywords=_keywords(memo, main),
        running_header=header, page_label=page_labels, blocks=tuple(blocks), draft=draft,
        created=memo.publication.date if memo.publication and memo.publication.date else ev.date.isoformat(),
        theme=document_theme,
    )


def _plain(segment: Segment | None, lang: Language) -> str:
    span = segment.get(lang) if segment else None
    return span.plain if span else ""


def _strip(text: str) -> str:
    from .inline import parse_runs

    return "".join(r.text for r in parse_runs(text))


def _keywords(memo: Memo, lang: Language) -> tuple[str, ...]:
    words: Iterable[str] = [memo.event.series.pick(lang),
                            memo.organisation.name.pick(lang)]
    return tuple(_strip(w) for w in words)
