"""What a data card shows besides text: its stat callouts and its chart, per edition language.

The builder calls these; they decide every word and number (labels from the data and catalogs,
Babel numbers with Myanmar digits in Burmese) and have the chart drawn (`charts.draw`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..charts import chart_spec
from ..charts.spec import OVER, SOURCE, number_formatter
from ..locale.catalog import Labels
from ..model import DataCard, StatFigure
from .nodes import ChartFigure, Language, Segment, StatCallout

#: Chart size on the page: the width of a card's text, and of one column of the bilingual edition.
CHART_MM = {1: (150.0, 68.0), 2: (78.0, 62.0)}
ACCENTS = {"data_matters": "#8f1d2c", "mapping": "#2f6f5e"}

PerLanguage = Callable[[Callable[[Language], str]], Segment]


def stat_number(stat: StatFigure, lang: Language, labels: Labels) -> str:
    """"USD 3.6 billion", "over 170,000 tonnes", "၁၇၀,၀၀၀ ကျော် တန်": prefix, number, unit."""
    number = number_formatter(lang)(stat.value)
    if stat.more_than:
        number = labels(OVER, number=number)
    parts = [t.get(lang) or t.en for t in (stat.prefix,) if t] + [number]
    parts += [t.get(lang) or t.en for t in (stat.unit,) if t]
    return " ".join(p for p in parts if p)


def stat_callouts(card: DataCard, labels: dict[Language, Labels], per_language: PerLanguage,
                  text: Callable[..., Segment]) -> tuple[StatCallout, ...]:
    """The card's `figures:` as callouts: the number in each language, and its caption."""
    def callout(stat: StatFigure) -> StatCallout:
        return StatCallout(per_language(lambda lang: stat_number(stat, lang, labels[lang])), text(stat.caption))

    return tuple(callout(stat) for stat in card.figures)


def chart_figures(card: DataCard, languages: tuple[Language, ...],
                  labels: dict[Language, Labels]) -> tuple[ChartFigure, ...]:
    """The card's chart drawn once per language of the edition.

    The bilingual edition gets both languages' charts, one in each column: each reader reads the
    column in their language, and one chart labelled in two scripts would halve every label's room.
    """
    from ..charts.draw import draw

    if card.chart is None:
        return ()
    width, height = CHART_MM[len(languages)]
    out = []
    for lang in languages:
        spec = chart_spec(card.chart, lang, labels[lang])
        drawn = draw(spec, width, height, ACCENTS.get(card.series, ACCENTS["data_matters"]))
        out.append(ChartFigure(lang, drawn.svg, drawn.png, drawn.width_mm, drawn.height_mm, spec.alt, spec.words))
    return tuple(out)


def chart_source(card: DataCard, labels: dict[Language, Labels], per_language: PerLanguage) -> Segment | None:
    """"Source: …" under the chart, when the chart names one."""
    chart = card.chart
    if chart is None or chart.source is None:
        return None
    source = chart.source
    return per_language(lambda lang: labels[lang](SOURCE, source=source.get(lang) or source.en))
