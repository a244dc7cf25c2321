"""Charts of data cards: what a chart says in one language (`spec`) and drawing it (`draw`).

The builder decides the words and numbers (`spec.chart_spec`); `draw` turns that into SVG and PNG
with Matplotlib and the shipped fonts only. Matplotlib is imported on first draw, not at start-up.
"""

from .spec import ChartSpec, SeriesSpec, chart_spec

__all__ = ["ChartSpec", "SeriesSpec", "chart_spec"]
