"""Stat callouts in the bilingual PDF: the English and Burmese lines of a callout stack flush left.

The bilingual edition lays each English/Burmese pair out as two columns with a gutter; a callout
stacks its pair instead, so neither line may carry the gutter (it once indented every Burmese number
and caption by 3.5 mm). Checked on WeasyPrint's laid-out boxes of the sample's bilingual edition.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from isp_recap import build_document, load_event
from isp_recap.render.assets import VIRTUAL_ROOT, figures
from isp_recap.render.html import render_html
from isp_recap.render.pdf.fetcher import url_fetcher

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "rare-earths-2025" / "event.yaml"


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_callout_lines_start_at_the_same_x() -> None:
    from weasyprint import HTML

    doc = build_document(load_event(SAMPLE), "bilingual", base_dir=SAMPLE.parent)
    html = render_html(doc, for_print=True)
    rendered = HTML(string=html, base_url=VIRTUAL_ROOT, url_fetcher=url_fetcher(figures(doc))).render()
    stats = [b for page in rendered.pages for b in _boxes(page._page_box)
             if getattr(b, "element_tag", "") == "div" and "stat" in (b.element.get("class") or "").split()]
    assert len(stats) == 5  # the sample's callouts
    for stat in stats:
        lines = [b for b in _boxes(stat) if type(b).__name__ == "BlockBox" and b.element_tag == "p"
                 and b.element.get("class") in ("stat-number", "stat-caption")]
        langs = {b.element.get("lang") for b in lines}
        assert langs == {"en", "my"}
        content_x = {round(b.content_box_x(), 1) for b in lines}
        assert len(content_x) == 1, f"callout lines start at {sorted(content_x)} pt"
