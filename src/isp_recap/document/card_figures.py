"""What a data card shows besides text: its stat callouts and its chart, per edition language.

The builder calls these; they decide every word and number (labels from the data and catalogs,
Babel numbers with Myanmar digits in Burmese) and have the chart drawn (`charts.draw`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..charts import chart_spec
from ..charts.spec import OVER, SOURCE, number_formatter
from ..locale.catalogs import Labels
from ..model import DataCard, StatFigure
from .nodes import ChartFigure, Language, Segment, StatCallout

if TYPE_CHECKING:
    from ..charts.draw import ChartColours

#: Chart size on the page: the width of a card's text, and of one column of the bilingual edition.
CHART_MM = {1: (150.0, 68.0), 2: (78.0, 62.0)}
ACCENTS = {"data_matters": "#8f1d2c", "mapping": "#2f6f5e"}
#: The theme's colour role that colours a card of each series (as the stylesheets colour its box).
SERIES_ROLES = {"data_matters": "primary", "mapping": "mapping"}
#: How much of the card's colour the plain (not highlighted) bars keep under a theme, over white.
BASE_TINT = 0.4
#: The package's own colour of each role (templates/memo.css, `theme init`): a theme that sets a
#: role to it keeps the package's chart colours for that role, so a starting theme looks the same.
PACKAGE_ROLES = {"primary": "#8f1d2c", "accent": "#d9a441", "mapping": "#2f6f5e", "text": "#1f1f1f"}

PerLanguage = Callable[[Callable[[Language], str]], Segment]


def stat_number(stat: StatFigure, lang: Language, labels: Labels) -> str:
    """"USD 3.6 billion", "over 170,000 tonnes", "၁၇၀,၀၀၀ ကျော် တန်": prefix, number, unit."""
    number = number_formatter(lang)(stat.value)
    if stat.more_than:
        number = labels(OVER, number=number)
    parts = [t.pick(lang) for t in (stat.prefix,) if t] + [number]
    parts += [t.pick(lang) for t in (stat.unit,) if t]
    return " ".join(p for p in parts if p)


def stat_callouts(card: DataCard, labels: dict[Language, Labels], per_language: PerLanguage,
                  text: Callable[..., Segment]) -> tuple[StatCallout, ...]:
    """The card's `figures:` as callouts: the number in each language, and its caption."""
    def callout(stat: StatFigure) -> StatCallout:
        return StatCallout(per_language(lambda lang: stat_number(stat, lang, labels[lang])), text(stat.caption))

    return tuple(callout(stat) for stat in card.figures)


def _tint(colour: str, share: float) -> str:
    """`colour` (#rrggbb) with `share` of its strength, the rest white."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def chart_colours(series: str, theme: Mapping[str, str]) -> ChartColours:
    """A chart's colours by role: the card's colour (the theme's `primary`, or `mapping` for ISP
    Mapping cards) for highlighted bars and the first series, the theme's `accent` for the second,
    its `text` for the words. Without a theme (an empty mapping), and for a role the theme leaves
    out or sets to the package's own colour: the package's chart colours."""
    from ..charts.draw import ChartColours

    def role(name: str) -> str | None:
        colour = theme.get(name)
        return colour if colour and colour.lower() != PACKAGE_ROLES.get(name) else None

    package = ChartColours(highlight=ACCENTS.get(series, ACCENTS["data_matters"]))
    own = role(SERIES_ROLES.get(series, "primary"))
    accent, text = role("accent"), role("text")
    return ChartColours(
        highlight=own or package.highlight,
        base=_tint(own, BASE_TINT) if own else package.base,
        ink=text or package.ink,
        muted=package.muted,
        palette=(accent, *package.palette) if accent else package.palette,
        legend=text or package.legend,
    )


def chart_figures(card: DataCard, languages: tuple[Language, ...],
                  labels: dict[Language, Labels], theme: Mapping[str, str] | None = None) -> tuple[ChartFigure, ...]:
    """The card's chart drawn once per language of the edition, in the theme's colours (`theme`:
    the colours by role an organisation's theme sets; none: the package's).

    The bilingual edition gets both languages' charts, one in each column: each reader reads the
    column in their language, and one chart labelled in two scripts would halve every label's room.
    """
    from ..charts.draw import draw

    if card.chart is None:
        return ()
    width, height = CHART_MM[len(languages)]
    colours = chart_colours(card.series, theme or {})
    out = []
    for lang in languages:
        spec = chart_spec(card.chart, lang, labels[lang])
        out.append(ChartFigure(lang, draw(spec, width, height, colours), spec.alt, spec.words))
    return tuple(out)


def chart_source(card: DataCard, labels: dict[Language, Labels], per_language: PerLanguage) -> Segment | None:
    """"Source: …" under the chart, when the chart names one."""
    chart = card.chart
    if chart is None or chart.source is None:
        return None
    source = chart.source
    return per_language(lambda lang: labels[lang](SOURCE, source=source.pick(lang)))
