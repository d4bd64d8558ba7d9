"""Sessions live in the database: a console restarted on the same database (the controller
restarted) still knows every signed-in browser, and a sign-out from before stays out."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import DEMO_PAGES, STAFF, start_demo_console
from tests.harness.console_server import ConsoleUnderTest


def test_a_signed_in_browser_stays_signed_in_across_a_restart(page: Page, tmp_path: Path) -> None:
    first = start_demo_console(tmp_path)
    try:
        sign_in(page, first.url, "olga", STAFF["olga"][0])
        expect(page.locator("h1")).to_have_text("Welcome, Olga Operator")
    finally:
        first.stop()
    # Cookies are per host, not per port: the new console gets the same cookie.
    second = ConsoleUnderTest(tmp_path / "switchboard.db", [DEMO_PAGES]).start()
    try:
        page.goto(f"{second.url}/demo/")
        expect(page.locator("h1")).to_have_text("Demo desk")
        with page.expect_navigation():
            page.click("#logout")
        page.goto(f"{second.url}/demo/")
        assert page.url.startswith(f"{second.url}/login")
    finally:
        second.stop()
