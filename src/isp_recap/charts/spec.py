"""What a chart says in one language: labels, formatted numbers and the alternative text.

Everything reader-visible is decided here, from the event's data and the label catalogs, so the
drawing code never picks a word or formats a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..locale.catalogs import N_, Labels
from ..locale.formatting import format_date, format_number
from ..model.chart import Category, Chart
from ..model.text import Language, Text

#: Alternative-text sentences; `{unit}` may be empty (the sentence then reads without it).
ROSE = N_("{series} rose from {first} to {last}{unit} between {start} and {end}.")
FELL = N_("{series} fell from {first} to {last}{unit} between {start} and {end}.")
STAYED = N_("{series} stayed at {first}{unit} between {start} and {end}.")
SINGLE = N_("{series}: {first}{unit} in {start}.")
HIGHEST = N_("The highest is {category}, at {value}{unit}.")
SOURCE = N_("Source: {source}")
OVER = N_("over {number}")


@dataclass(frozen=True)
class SeriesSpec:
    """One series as it is shown: its name, its values and their labels (formatted numbers)."""

    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart in one language, ready to draw: nothing in it is translated or formatted later."""

    lang: Language
    kind: str
    categories: tuple[str, ...]
    series: tuple[SeriesSpec, ...]
    unit: str | None
    highlight: tuple[int, ...]
    alt: str
    #: Formats a tick value for this language (Babel, Myanmar digits in Burmese). It follows from
    #: `lang` (`number_formatter`), so it is left out of equality and of the repr, which name the drawing.
    number: Callable[[float], str] = field(compare=False, repr=False)

    @property
    def words(self) -> tuple[str, ...]:
        """Every text drawn in the chart, in reading order (for extraction and the shaping test)."""
        out = list(self.categories)
        if len(self.series) > 1:
            out += [s.name for s in self.series]
        out += [label for s in self.series for label in s.labels]
        out += [self.unit] if self.unit else []
        return tuple(out)


def _text(value: Text, lang: Language) -> str:
    return value.pick(lang)


def category_label(category: Category, lang: Language) -> str:
    """A category as the axis shows it: a bilingual text, a year, a number or a date."""
    if isinstance(category, Text):
        return _text(category, lang)
    if isinstance(category, dt.date):
        return format_date(category, lang, "medium")
    if isinstance(category, int) and 1000 <= category <= 9999:  # a year: no thousands separator
        return format_number(category, lang).replace(",", "")
    return format_number(category, lang)


def number_formatter(lang: Language) -> Callable[[float], str]:
    """Babel's number for `lang`, without a trailing ".0" for whole numbers."""

    def number(value: float) -> str:
        return format_number(int(value) if float(value).is_integer() else value, lang)

    return number


def chart_spec(chart: Chart, lang: Language, labels: Labels) -> ChartSpec:
    """The chart of a data card in `lang`: labels from the data, numbers by Babel, an alt text."""
    number = number_formatter(lang)
    categories = tuple(category_label(c, lang) for c in chart.categories)
    series = tuple(SeriesSpec(_text(s.name, lang), tuple(s.values), tuple(number(v) for v in s.values))
                   for s in chart.series)
    unit = _text(chart.unit, lang) if chart.unit else None
    alt = alt_text(categories, series, unit, labels, number)
    return ChartSpec(lang, chart.type, categories, series, unit, tuple(chart.highlight), alt, number)


def alt_text(categories: tuple[str, ...], series: tuple[SeriesSpec, ...], unit: str | None,
             labels: Labels, number: Callable[[float], str]) -> str:
    """One sentence per series, from the data: where it starts and ends, and its highest point."""
    suffix = f" {unit}" if unit else ""
    sentences = []
    for s in series:
        first, last = s.values[0], s.values[-1]
        common = {"series": s.name, "first": s.labels[0], "last": s.labels[-1], "unit": suffix,
                  "start": categories[0], "end": categories[-1]}
        if len(s.values) == 1:
            sentences.append(labels(SINGLE, **common))
            continue
        msgid = ROSE if last > first else FELL if last < first else STAYED
        sentences.append(labels(msgid, **common))
        top = max(range(len(s.values)), key=lambda i: s.values[i])
        if len(s.values) > 2 and top not in (0, len(s.values) - 1):
            sentences.append(labels(HIGHEST, category=categories[top], value=s.labels[top], unit=suffix))
    return " ".join(sentences)
