"""`isp-recap preview` in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`,
installed by `make system-deps`) driven by Selenium through the system chromedriver.

Open the preview, edit the title in the YAML, and the new title is in the page within 2 s with no
reload by hand; break the YAML and the overlay names the right line; fix it and the page is back.
Outside CI the test skips when Chromium is not installed; under CI=true it fails instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import chromium
from preview_support import FIXTURES, preview_process, save_like_an_editor

#: Seconds from the save to the change in the DOM (the issue's functional deadline; no manual reload).
LIVE_DEADLINE = 2.0
TITLE = "Myanmar's Rare Earths"
@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium("isp-recap-chromium-") as driver:
        yield driver


def test_edit_break_and_fix_the_event_in_a_real_browser(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    folder = tmp_path / "event"
    folder.mkdir()
    event = folder / "event.yaml"
    good = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    event.write_text(good, encoding="utf-8")

    def body_text(driver: Any) -> str:
        return str(driver.execute_script("return document.body ? document.body.innerText : ''"))

    def overlay_text(driver: Any) -> str:
        # One script, so a reload between finding the element and reading it cannot intervene.
        return str(driver.execute_script(
            "var e = document.getElementById('isp-preview-overlay'); return e ? e.innerText : '';"))

    with preview_process(event) as (_proc, url):
        browser.get(url)
        WebDriverWait(browser, 30).until(lambda d: TITLE in body_text(d))
        assert browser.current_url.endswith("/memo.en.html")

        save_like_an_editor(event, good.replace(TITLE, "Rare Earths, Revised"))
        WebDriverWait(browser, LIVE_DEADLINE, poll_frequency=0.05).until(
            lambda d: "Rare Earths, Revised" in body_text(d))

        save_like_an_editor(event, good.replace(TITLE, "Rare Earths, Revised").replace("episode: 8", "episode: eight"))
        WebDriverWait(browser, LIVE_DEADLINE, poll_frequency=0.05).until(lambda d: overlay_text(d))
        text = overlay_text(browser)
        assert f"{event}:10:12: error[wrong-type]: event.episode must be a whole number" in text
        assert "10 |   episode: eight" in text  # the offending line, quoted

        save_like_an_editor(event, good.replace(TITLE, "Rare Earths, Fixed"))
        WebDriverWait(browser, LIVE_DEADLINE, poll_frequency=0.05).until(
            lambda d: not overlay_text(d) and "Rare Earths, Fixed" in body_text(d))

        links = browser.execute_script(  # {text: href} of the toolbar's links, read in one go
            "var o = {}; document.querySelectorAll('#isp-preview-bar a').forEach("
            "function (a) { o[a.textContent] = a.href; }); return o;")
        assert links["PDF"].endswith("/memo.en.pdf") and links["my"].endswith("/memo.my.html")
        browser.get(links["bilingual"])  # the language switch: both languages on one page
        WebDriverWait(browser, 30).until(lambda d: "မြန်မာ့ ရှားပါးမြေများ" in body_text(d)
                                         and "Rare Earths, Fixed" in body_text(d))
