"""A console with the demo pages and three staff for the browser tests, and one chromium
per session (a fresh browser context, i.e. fresh cookies, per test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.harness.browser import chromium
from tests.harness.console_demo import DEMO_PAGES
from tests.harness.console_server import ConsoleUnderTest

STAFF = {
    "olga": ("olga-operator-pw", "operator", "Olga Operator"),
    "adam": ("adam-admin-password", "admin", "Adam Admin"),
    "fred": ("fred-frontdesk-pw", "frontdesk", "Fred Frontdesk"),
}


def start_console(tmp: pytest.TempPathFactory, **settings: object) -> ConsoleUnderTest:
    from app.console.settings import ConsoleSettings

    console = ConsoleUnderTest(
        tmp.mktemp("console") / "switchboard.db",
        [DEMO_PAGES],
        ConsoleSettings(**settings),  # type: ignore[arg-type]
    ).start()
    for username, (password, role, name) in STAFF.items():
        console.add_staff(username, password, role, name)
    return console


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    instance = start_console(tmp_path_factory)
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
