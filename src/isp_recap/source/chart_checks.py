"""Charts whose parts do not fit together, reported at the value at fault.

The `Chart` model refuses such a chart too, but only as one error at the chart; here the message
points at the series with too few values, or at the highlight index that names no category.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic
from ..model.chart import MAX_CATEGORIES
from .yaml_tree import Loc, Positions


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_charts(path: str, data: Any, positions: Positions) -> list[Diagnostic]:
    """Diagnostics for every data card chart of a raw event tree whose lengths or indices do not fit."""
    diags: list[Diagnostic] = []
    items = data.get("programme") if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        card = item.get("data_card") if isinstance(item, dict) else None
        chart = card.get("chart") if isinstance(card, dict) else None
        if isinstance(chart, dict):
            diags += _check_chart(path, chart, ("programme", i, "data_card", "chart"), positions)
    return diags


def _check_chart(path: str, chart: dict[str, Any], loc: Loc, positions: Positions) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    categories = chart.get("categories")
    if not isinstance(categories, list) or not 0 < len(categories) <= MAX_CATEGORIES:
        return diags  # the model reports a missing, empty or too long list
    count = len(categories)
    series = chart.get("series")
    for j, one in enumerate(series if isinstance(series, list) else []):
        values = one.get("values") if isinstance(one, dict) else None
        if isinstance(values, list) and values and len(values) != count:
            where = ".".join(str(p) for p in (*loc, "series", j, "values"))
            diags.append(Diagnostic(path, *positions.of_value((*loc, "series", j, "values")), "chart-shape",
                                    f"{where} has {len(values)} value{'s' * (len(values) != 1)} but the chart has "
                                    f"{count} categor{'ies' if count != 1 else 'y'}; give one value per category"))
        if chart.get("type") == "stacked_bar" and isinstance(values, list):
            for k, value in enumerate(values):
                if _is_number(value) and value < 0:
                    diags.append(Diagnostic(path, *positions.of_value((*loc, "series", j, "values", k)),
                                            "chart-shape", "a stacked bar cannot stack a negative value"))
    highlight = chart.get("highlight")
    for j, index in enumerate(highlight if isinstance(highlight, list) else []):
        if isinstance(index, int) and not isinstance(index, bool) and not 0 <= index < count:
            diags.append(Diagnostic(path, *positions.of_value((*loc, "highlight", j)), "chart-shape",
                                    f"highlight index {index} names no category: the chart's categories are "
                                    f"numbered 0 to {count - 1}"))
    return diags
