"""What a data card shows besides text: a chart, stat figures, and per-language images."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .text import Strict, Text

ChartType = Literal["bar", "column", "line", "stacked_bar"]
RelPath = Annotated[str, StringConstraints(min_length=1, max_length=500)]
#: A category on a chart's axis: a bilingual label, a number (a year) or a date.
Category = Text | int | float | dt.date

MAX_CATEGORIES = 100
#: A value on a chart or in a stat figure: finite (YAML's .inf and .nan are refused) and of a size
#: a memo prints (Babel and Matplotlib format it without surprises).
Value = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
MAX_SERIES = 12

#: The pydantic error type of a chart whose parts do not fit together. The loader reports these
#: itself, at the value at fault (`source/chart_checks.py`), so it drops pydantic's copy.
SHAPE_ERROR = "chart_shape"


class Series(Strict):
    """One row of values, one per category, with its bilingual name (shown in the legend)."""

    name: Text
    values: Annotated[list[Value], Field(min_length=1, max_length=MAX_CATEGORIES)]


class Chart(Strict):
    """A chart drawn from the card's data, in the language of each edition."""

    type: ChartType = Field(description="bar (horizontal), column (vertical), line, or stacked_bar")
    categories: Annotated[list[Category], Field(min_length=1, max_length=MAX_CATEGORIES)] = Field(
        description="Labels of the axis: bilingual texts, numbers (years) or dates"
    )
    series: Annotated[list[Series], Field(min_length=1, max_length=MAX_SERIES)]
    unit: Text | None = Field(default=None, description="What the values count, e.g. 'tonnes', 'mining sites'")
    highlight: Annotated[list[int], Field(max_length=MAX_CATEGORIES)] = Field(
        default_factory=list, description="Indices (from 0) of the categories to colour"
    )
    source: Text | None = Field(default=None, description="Where the numbers come from, printed under the chart")

    @model_validator(mode="after")
    def _fits(self) -> Chart:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise PydanticCustomError(SHAPE_ERROR, "a series has {n} values for {m} categories",
                                          {"n": len(series.values), "m": len(self.categories)})
        for index in self.highlight:
            if not 0 <= index < len(self.categories):
                raise PydanticCustomError(SHAPE_ERROR, "highlight index {i} is not a category",
                                          {"i": index})
        if self.type == "stacked_bar" and any(v < 0 for s in self.series for v in s.values):
            raise PydanticCustomError(SHAPE_ERROR, "a stacked bar cannot stack negative values", {})
        return self


class StatFigure(Strict):
    """A big number with a caption ("USD 3.6 billion" / "exported to China since the coup")."""

    value: Value = Field(description="The number; formatted per language (Myanmar digits in Burmese)")
    prefix: Text | None = Field(default=None, description="Written before the number, e.g. 'USD'")
    unit: Text | None = Field(default=None, description="Written after the number, e.g. 'billion', 'tonnes', '×'")
    more_than: bool = Field(default=False, description="The number is a lower bound ('over 170,000')")
    caption: Text


class ImageByLanguage(Strict):
    """A picture drawn separately for each language; Burmese falls back to the English one."""

    en: RelPath
    my: RelPath | None = None

    def get(self, language: str) -> str:
        """The picture for `language` (the English one when there is no Burmese one)."""
        return self.my if language == "my" and self.my else self.en
