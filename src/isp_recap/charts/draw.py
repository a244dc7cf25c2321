"""Drawing a `ChartSpec` with Matplotlib: SVG for HTML and PDF, PNG at 300 dpi for DOCX.

Only the fonts shipped in `render/fonts/` are used (registered with Matplotlib's font manager, and
named explicitly), never a system font, so a chart looks the same on a machine with no Burmese
font. Matplotlib 3.11 shapes text through libraqm (HarfBuzz), so Burmese is drawn with its vowels
reordered and its stacked consonants joined.

Text is drawn as glyph outlines (`svg.fonttype: path`), not as SVG `<text>`: WeasyPrint 70 lays out
SVG `<text>` one character at a time, which draws Burmese unshaped and extracts it as scattered
letters (measured). The chart's words stay searchable through the text layer the writers put over
it (`ChartSpec.words`) and its alternative text.

Output is byte-for-byte deterministic (fixed SVG id salt, no dates or software names in the
metadata), so incremental builds and byte-identical tests still hold.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..resources import render_data
from .spec import ChartSpec, SeriesSpec, number_formatter

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansMyanmar-Regular.ttf",
              "NotoSansMyanmar-Bold.ttf")
#: Latin first (Noto Sans Myanmar has no Latin digits or punctuation), Burmese as the fallback.
FAMILIES = ["Noto Sans", "Noto Sans Myanmar"]
PNG_DPI = 300
INK = "#222222"
MUTED = "#6f6a63"
BASE = "#b8ab9b"
PALETTE = ("#6b7b8c", "#c9a227", "#4f7a4a", "#a05a2c", "#7a5c8c", "#3d6e8f")

_lock = threading.Lock()
_registered = False


@dataclass(frozen=True)
class ChartColours:
    """The colours of one chart, by role; the defaults are the package's own look.

    `highlight` colours the highlighted bars of a single series (every bar when none is
    highlighted) and the first of several series; `base` the other bars of a single series;
    `palette` the further series in turn; `ink` the labels; `muted` the axes and ticks; `legend`
    the legend's words (Matplotlib's black in the package's look).
    """

    highlight: str = "#8f1d2c"
    base: str = BASE
    ink: str = INK
    muted: str = MUTED
    palette: tuple[str, ...] = PALETTE
    legend: str = "black"


@dataclass(frozen=True)
class DrawnChart:
    """A chart to draw: its spec, size in millimetres and colours. The SVG (text as outlines) and the
    300 dpi PNG are each drawn when first asked for.

    Only the DOCX uses the PNG, and a raster is about half of a chart's drawing time: a build of HTML
    or PDF alone (and the preview) never draws it. Drawing nothing up front lets a parallel build
    draw the SVGs in one worker while the parent imports the PDF engine (`parallel.py`).
    """

    spec: ChartSpec
    width_mm: float
    height_mm: float
    colours: ChartColours

    @cached_property
    def svg(self) -> bytes:
        """The chart as SVG, drawn on first use."""
        return _drawn(self.spec, self.width_mm, self.height_mm, self.colours, "svg")

    @cached_property
    def png(self) -> bytes:
        """The chart as a 300 dpi PNG, drawn on first use."""
        return _drawn(self.spec, self.width_mm, self.height_mm, self.colours, "png")

    def drawn(self, fmt: str) -> bytes:
        """The chart as `fmt` (`"svg"` or `"png"`), drawn on first use."""
        return self.svg if _known_format(fmt) == "svg" else self.png

    def is_drawn(self, fmt: str) -> bool:
        """Whether `fmt` (`"svg"` or `"png"`) has been drawn (or adopted) in this process."""
        return fmt in vars(self)

    def adopt(self, fmt: str, data: bytes) -> None:
        """Take `data` as this chart drawn as `fmt` by another process (a parallel build's chart
        worker, `parallel.py`): the bytes `fmt` would draw here, which are then not drawn again."""
        self.__dict__[_known_format(fmt)] = data

    def recipe(self) -> dict[str, Any]:
        """Everything the drawing depends on, as plain JSON data: `from_recipe` in another process
        gives an equal chart, drawn to the same bytes (a parallel build's chart worker is forked
        before the Documents exist, so it is sent what to draw instead of inheriting it)."""
        spec = self.spec
        return {"spec": {"lang": spec.lang, "kind": spec.kind, "categories": list(spec.categories),
                         "series": [{"name": s.name, "values": list(s.values), "labels": list(s.labels)}
                                    for s in spec.series],
                         "unit": spec.unit, "highlight": list(spec.highlight), "alt": spec.alt},
                "width_mm": self.width_mm, "height_mm": self.height_mm,
                "colours": {**vars(self.colours), "palette": list(self.colours.palette)}}

    @classmethod
    def from_recipe(cls, recipe: dict[str, Any]) -> DrawnChart:
        """The chart `recipe()` describes (its number format follows from its language)."""
        spec = recipe["spec"]
        series = tuple(SeriesSpec(s["name"], tuple(s["values"]), tuple(s["labels"])) for s in spec["series"])
        drawn = ChartSpec(spec["lang"], spec["kind"], tuple(spec["categories"]), series, spec["unit"],
                          tuple(spec["highlight"]), spec["alt"], number_formatter(spec["lang"]))
        colours = ChartColours(**{**recipe["colours"], "palette": tuple(recipe["colours"]["palette"])})
        return cls(drawn, recipe["width_mm"], recipe["height_mm"], colours)


def _known_format(fmt: str) -> str:
    """`fmt` if a chart is drawn as it (`DrawnChart.svg`, `.png`); else a ValueError."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown chart format {fmt!r}")
    return fmt


def warm_up() -> None:
    """Import what drawing needs and register the fonts, so that the first chart drawn costs only
    its own drawing (a parallel build's chart worker does this while the parent loads the event)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure
    import matplotlib.ticker  # noqa: F401

    with _lock:
        _register_fonts()


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    from matplotlib import font_manager

    for name in FONT_FILES:
        font_manager.fontManager.addfont(str(render_data("fonts", name)))
    _registered = True


def _rc(colours: ChartColours) -> dict[str, Any]:
    ink, muted = colours.ink, colours.muted
    return {
        "font.family": FAMILIES, "font.size": 8.5, "text.parse_math": False,  # "$5" is a price, not TeX
        "svg.fonttype": "path", "svg.hashsalt": "isp-recap", "path.simplify": False,
        "axes.edgecolor": muted, "axes.labelcolor": ink, "xtick.color": muted, "ytick.color": muted,
        "xtick.labelcolor": ink, "ytick.labelcolor": ink, "axes.spines.top": False,
        "axes.spines.right": False, "legend.frameon": False, "figure.dpi": 100,
        "text.color": colours.legend,
    }


def _colours(spec: ChartSpec, colours: ChartColours) -> list[list[str]]:
    """A colour per bar: one series in the base colour with the highlights in the highlight colour."""
    n = len(spec.categories)
    if len(spec.series) == 1:
        highlight = set(spec.highlight)
        return [[colours.highlight if (i in highlight or not highlight) else colours.base for i in range(n)]]
    cycle = [colours.highlight, *colours.palette]
    return [[cycle[j % len(cycle)]] * n for j in range(len(spec.series))]


def draw(spec: ChartSpec, width_mm: float = 150.0, height_mm: float = 70.0,
         colours: ChartColours | None = None) -> DrawnChart:
    """`spec` to be drawn at `width_mm` × `height_mm` in `colours` (the package's without): nothing
    is drawn until its `svg` or `png` is asked for."""
    return DrawnChart(spec, width_mm, height_mm, colours or ChartColours())


def _drawn(spec: ChartSpec, width_mm: float, height_mm: float, colours: ChartColours, fmt: str) -> bytes:
    """The figure of `spec` saved as `fmt` (`svg` or `png`); each call lays it out afresh, so the
    bytes do not depend on which format was drawn first."""
    import matplotlib  # no pyplot: each Figure gets its own Agg canvas, no global state
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    with _lock:  # the font manager and rcParams are process-wide
        _register_fonts()
        with matplotlib.rc_context(_rc(colours)):  # type: ignore[arg-type]  # keys are checked by Matplotlib
            fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            _plot(ax, spec, _colours(spec, colours), colours.ink)
            fmt_number = FuncFormatter(lambda value, _pos: spec.number(value))
            value_axis = ax.xaxis if spec.kind in ("bar", "stacked_bar") else ax.yaxis
            value_axis.set_major_locator(MaxNLocator(nbins=5, min_n_ticks=3))
            value_axis.set_major_formatter(fmt_number)
            if spec.unit:
                (ax.set_xlabel if value_axis is ax.xaxis else ax.set_ylabel)(spec.unit)
            if len(spec.series) > 1:
                ax.legend(loc="upper left", bbox_to_anchor=(0, 1.16), ncols=min(3, len(spec.series)))
            fig.set_layout_engine("constrained")
            out = io.BytesIO()
            if fmt == "svg":
                fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
            else:
                fig.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


def _plot(ax: Any, spec: ChartSpec, colours: list[list[str]], ink: str) -> None:
    positions = list(range(len(spec.categories)))
    if spec.kind == "line":
        for j, series in enumerate(spec.series):
            colour = colours[j][0] if len(spec.series) > 1 else colours[0][-1]
            ax.plot(positions, series.values, marker="o", color=colour, label=series.name, linewidth=1.8)
            for i, (value, label) in enumerate(zip(series.values, series.labels, strict=True)):
                if i in spec.highlight or i in (0, len(positions) - 1):
                    ax.annotate(label, (i, value), textcoords="offset points", xytext=(0, 6),
                                ha="center", color=ink)
        ax.set_xticks(positions, spec.categories)
        ax.margins(x=0.08, y=0.2)
        return
    horizontal = spec.kind in ("bar", "stacked_bar")
    stacked = spec.kind == "stacked_bar"
    count = len(spec.series)
    width = 0.7 if stacked or count == 1 else 0.8 / count
    bottoms = [0.0] * len(positions)
    for j, series in enumerate(spec.series):
        offset = 0.0 if stacked or count == 1 else (j - (count - 1) / 2) * width
        where = [p + offset for p in positions]
        common = {"color": colours[j], "label": series.name}
        if horizontal:
            bars = ax.barh(where, series.values, height=width, left=bottoms if stacked else None, **common)
        else:
            bars = ax.bar(where, series.values, width=width, **common)
        ax.bar_label(bars, labels=list(series.labels), label_type="center" if stacked else "edge",
                     padding=0 if stacked else 2, color="white" if stacked else ink)
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
    if horizontal:
        ax.set_yticks(positions, spec.categories)
        ax.invert_yaxis()  # the first category on top, as it is read
        ax.margins(x=0.12)
    else:
        ax.set_xticks(positions, spec.categories)
        ax.margins(y=0.15)
