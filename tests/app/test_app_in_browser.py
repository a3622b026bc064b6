"""The app in a real browser: headless Chromium (the Debian package) on a local port.

Pressing Step runs a month, and the plotted outcome changes; choosing another scenario
brings its levers; bad input shows as the usual one-line message on the page.
"""

import time

import pytest
from browser import browser_page, need_chromium

from floatpop.app.server import start, stop
from floatpop.app.settings import AppSettings

pytestmark = pytest.mark.slow
LATEST = ".floatpop-latest"


def served(tmp_path, **settings):
    need_chromium()
    return start(AppSettings(**settings), log=tmp_path / "server.log")


def wait_for_change(read, before, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = read()
        if now != before:
            return now
        time.sleep(0.25)
    return before


def test_pressing_step_moves_the_plotted_outcome(tmp_path):
    server, url = served(tmp_path, scenario="hukou_reform", scale=0.0005, end_year=2022)
    try:
        with browser_page(1400, 1000) as page:
            page.goto(url)
            latest = page.locator(LATEST)
            latest.wait_for(timeout=90_000)
            before = latest.inner_text()
            assert before.startswith("2020-11: hukou_reform"), before
            chart = page.locator("img").first
            image_before = chart.get_attribute("src")
            page.get_by_role("button", name="Step", exact=False).click()
            after = wait_for_change(latest.inner_text, before)
            assert after.startswith("2020-12: hukou_reform"), f"one month on: {after}"
            page.wait_for_timeout(500)
            assert page.locator("img").first.get_attribute("src") != image_before, (
                "the plot is redrawn with the new month"
            )
            page.screenshot(path=str(tmp_path / "app.png"), full_page=True)
            assert "Traceback" not in page.inner_text("body")
            page.get_by_text("hukou_reform", exact=True).first.click()  # the scenario list
            page.get_by_role("option", name="public_housing").click()
            switched = wait_for_change(latest.inner_text, after)
            assert switched.startswith("2020-11: public_housing"), f"a new pair: {switched}"
            assert page.get_by_text("public_housing: rent factor").count() == 1, (
                "the sliders are the new scenario's levers"
            )
    finally:
        stop(server)
    assert (tmp_path / "app.png").stat().st_size > 20_000, "the screenshot shows the page"


@pytest.mark.parametrize(
    ("settings", "shown", "start"),
    [
        (
            {"scenario": "hukou_reform", "levers": ("hukou_reform.min_insured_months=500",)},
            "must be an integer in [0, 240]",
            "app: lever hukou_reform.min_insured_months",
        ),
        ({"scenario": "no_such_policy"}, "no such scenario", "no_such_policy: no such scenario"),
    ],
)
def test_bad_input_is_one_line_on_the_page(tmp_path, settings, shown, start):
    server, url = served(tmp_path, scale=0.0005, end_year=2021, **settings)
    try:
        with browser_page() as page:
            page.goto(url)
            message = page.get_by_text(shown)
            message.wait_for(timeout=90_000)
            text = message.inner_text()
            assert text.startswith(start), text
            assert "\n" not in text.strip() and "Traceback" not in page.inner_text("body")
            page.screenshot(path=str(tmp_path / "error.png"))
    finally:
        stop(server)
