"""Headless Chromium for the tests: the Debian package, driven by Playwright.

Without chromium the browser tests are skipped on a developer's machine, and fail in CI
(where `make test` installs it).
"""

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium")


def need_chromium() -> str:
    """Return chromium's path; skip the test without it (fail in CI)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("no chromium in CI: `make test` installs the Debian package")
        pytest.skip("no chromium: apt-get install chromium (make test does it as root)")
    return CHROMIUM


@contextmanager
def browser_page(width: int = 1366, height: int = 900):
    """Yield a Playwright page in headless Chromium (the Debian build)."""
    from playwright.sync_api import sync_playwright

    path = need_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def chromium_page(url: str, screenshot, width: int = 1366) -> int:
    """Open `url`, save a full-page screenshot, and return the page's width in px."""
    from PIL import Image

    with browser_page(width) as page:
        page.goto(url)
        page.screenshot(path=str(screenshot), full_page=True)
    with Image.open(screenshot) as image:
        return image.size[0]
