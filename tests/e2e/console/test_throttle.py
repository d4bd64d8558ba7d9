"""Sign-in throttling per username and per client address (a console of its own, so the
counts do not leak into the other tests)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.console.settings import ConsoleSettings
from tests.harness.browser import sign_in
from tests.harness.console_demo import STAFF, start_demo_console
from tests.harness.console_server import ConsoleUnderTest


@pytest.fixture
def strict_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    instance = start_demo_console(
        tmp_path_factory.mktemp("console"),
        ConsoleSettings(max_failures_per_user=3, max_failures_per_address=6),
    )
    yield instance
    instance.stop()


def test_repeated_wrong_passwords_lock_the_username_even_for_the_right_one(
    page: Page, strict_console: ConsoleUnderTest
) -> None:
    console = strict_console
    for _ in range(3):
        sign_in(page, console.url, "olga", "guess-guess-guess")
        expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    expect(page.locator("#login-error")).to_contain_text("Too many failed sign-ins")
    expect(page.locator("#login-error")).to_contain_text("Try again in 15 minutes.")
    assert not any(c["name"] == "switchboard_session" for c in page.context.cookies())
    assert json.loads(console.audit("login_throttled")[-1]["detail"]) == {"username": "olga"}
    # Another account is not locked by olga's count.
    sign_in(page, console.url, "adam", STAFF["adam"][0])
    expect(page.locator("h1")).to_have_text("Welcome, Adam Admin")


def test_guesses_at_many_usernames_from_one_address_lock_the_address(
    page: Page, strict_console: ConsoleUnderTest
) -> None:
    console = strict_console
    for number in range(6):
        sign_in(page, console.url, f"user{number}", "guess-guess-guess")
        expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    # Even a good password for an account nobody guessed at waits now.
    sign_in(page, console.url, "fred", STAFF["fred"][0])
    expect(page.locator("#login-error")).to_contain_text("Too many failed sign-ins")
    assert len(console.audit("login_failed")) == 6
