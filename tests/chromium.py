"""Debian's headless Chromium under Selenium, for the tests that need a real browser.

One way to start it (tests/test_preview_browser.py, tests/test_html_axe.py): the system `chromium`
through the system `chromedriver` (Selenium Manager told not to download anything), a fresh profile
each time, and flags for running as root in a container with nothing reaching the network. Outside
CI a missing tool skips the test; under CI=true it fails, since `make test` installs them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Headless, as root, no GPU, and no background connections (this machine's network is closed).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1200,900")


def require(paths: list[Path], hint: str) -> None:
    """Skip (fail under CI=true) when any of `paths` is missing."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        message = f"not installed: {', '.join(missing)} ({hint})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def chromium(prefix: str) -> Iterator[Any]:
    """A Selenium driver of headless Chromium with a fresh profile (removed afterwards)."""
    require([CHROMIUM, CHROMEDRIVER], "run `make system-deps`")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    previous = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download a driver or browser
    profile = tempfile.mkdtemp(prefix=prefix)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        if previous is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = previous
