"""The three HTML editions of the sample pass axe-core (issue 14): zero violations in headless Chromium.

axe-core comes from npm (tools/node, `npm ci` from the committed lock); the browser is Debian's
`chromium` driven by Selenium through the system `chromedriver` (as in tests/test_preview_browser.py).
Each edition is written to a file and opened from `file://` (the page embeds its fonts and figures:
nothing is fetched), axe is injected into the page and run with every rule it has for WCAG 2.x A/AA
and best practices; a violation fails the test, listed by rule id and the nodes it names.
Outside CI the test skips when Chromium or axe-core is missing; under CI=true it fails instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import chromium, require
from isp_recap import build_document, load_event
from isp_recap.render.html import render_html
from isp_recap.theme import load_theme
from test_stress_layout import _bare_event, _stress_event

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
THEME = ROOT / "samples" / "themes" / "mekong-forum"
AXE = ROOT / "tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: What axe runs: the WCAG 2.0-2.2 A and AA rules and its best practices (landmarks, heading order...).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary,
                                html: n.html.slice(0, 160)}))})),
      passes: r.passes.length, version: axe.version}))
  .catch(e => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require([AXE], "run `npm ci` in tools/node, as `make test` does")
    with chromium("isp-recap-axe-") as driver:
        driver.set_script_timeout(120)
        yield driver


def axe_violations(browser: Any, html: str, where: Path, width: int = 1200) -> dict[str, Any]:
    page = where / "page.html"
    page.write_text(html, encoding="utf-8")
    browser.set_window_size(width, 900)
    browser.get(page.as_uri())
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = browser.execute_async_script(RUN_AXE, TAGS)
    assert "error" not in result, result
    return result


def _listing(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {n['html']}" for n in v["nodes"][:8]]
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize(("width", "theme"), [(1200, None), (390, None), (1200, THEME)],
                         ids=["desktop", "phone", "theme"])  # a desktop window, a phone, the example theme
@pytest.mark.parametrize("edition", ["en", "my", "bilingual"])
def test_sample_html_editions_have_no_axe_violations(browser: Any, tmp_path: Path, edition: str,
                                                     width: int, theme: Path | None) -> None:
    doc = build_document(load_event(SAMPLE), edition, base_dir=SAMPLE.parent,  # type: ignore[arg-type]
                         theme=load_theme(theme) if theme else None)
    result = axe_violations(browser, render_html(doc), tmp_path, width)
    assert result["passes"] > 20  # axe ran its rules on a real page
    assert result["violations"] == [], "axe-core " + result["version"] + ":\n" + _listing(result["violations"])


@pytest.mark.parametrize("name", ["stress-1", "bare"])
@pytest.mark.parametrize("edition", ["en", "my", "bilingual"])
def test_stress_event_html_has_no_axe_violations(browser: Any, tmp_path: Path, name: str, edition: str) -> None:
    """Generated events (tests/test_stress_layout.py): long names and URLs, eight speakers, or every
    optional field left out."""
    event = tmp_path / name / "event.yaml"
    event.parent.mkdir()
    data = _bare_event() if name == "bare" else _stress_event(1)
    event.write_text(json.dumps(data, ensure_ascii=False).replace('"2025-04-26"', "2025-04-26"), encoding="utf-8")
    doc = build_document(load_event(event), edition, base_dir=event.parent)  # type: ignore[arg-type]
    result = axe_violations(browser, render_html(doc), tmp_path)
    assert result["passes"] > 10
    assert result["violations"] == [], "axe-core " + result["version"] + ":\n" + _listing(result["violations"])


def test_axe_finds_violations_on_a_broken_page(browser: Any, tmp_path: Path) -> None:
    """The test can fail: a page without lang, with an unlabelled image and grey-on-grey text."""
    html = ("<!doctype html><html><head><title>x</title></head><body><main><h1>Title</h1>"
            "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
            "<p style='color:#aaa;background:#bbb'>low contrast</p></main></body></html>")
    ids = {v["id"] for v in axe_violations(browser, html, tmp_path)["violations"]}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= ids
