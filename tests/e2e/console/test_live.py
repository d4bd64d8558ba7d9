"""Live events: published server-side (as a flow does, `platform.console_events`), shown in
the open page without a reload, only to the roles the topic names."""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import ADMIN_ONLY, PING, STAFF
from tests.harness.console_server import ConsoleUnderTest


def _open_desk(page: Page, console: ConsoleUnderTest, username: str) -> None:
    sign_in(page, console.url, username, STAFF[username][0])
    page.goto(f"{console.url}/demo/")
    # The stream says it is up before anything is published.
    expect(page.locator("#live-status")).to_have_text("live")


def test_a_published_event_appears_in_the_page_without_a_reload(
    page: Page, console: ConsoleUnderTest
) -> None:
    _open_desk(page, console, "olga")
    page.evaluate("window.__notReloaded = true")
    console.publish(PING, {"text": "room 1204 is calling"})
    expect(page.locator("#ping")).to_have_text("room 1204 is calling")
    console.publish(PING, {"text": "room 1310 is calling"})
    expect(page.locator("#ping")).to_have_text("room 1310 is calling")
    expect(page.locator("#pings li")).to_have_text(["room 1310 is calling", "room 1204 is calling"])
    assert page.evaluate("window.__notReloaded") is True


def test_a_topic_reaches_only_the_roles_it_names(page: Page, console: ConsoleUnderTest) -> None:
    admin_page = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    try:
        _open_desk(admin_page, console, "adam")
        _open_desk(page, console, "olga")
        console.publish(ADMIN_ONLY, {"text": "for admins"})
        # A ping after it: once the operator has the ping, the secret would have arrived.
        console.publish(PING, {"text": "after the secret"})
        expect(admin_page.locator("#secret")).to_have_text("for admins")
        expect(page.locator("#ping")).to_have_text("after the secret")
        expect(page.locator("#secret")).to_have_text("")
    finally:
        admin_page.context.close()


def test_signing_out_closes_the_pages_event_stream(page: Page, console: ConsoleUnderTest) -> None:
    _open_desk(page, console, "olga")
    session = console.latest_session("olga")
    assert _wait_for(lambda: console.streams_of(session) >= 1)
    with page.expect_navigation():
        page.click("#logout")
    # Ended by the sign-out itself, not left for the next keep-alive to notice.
    assert _wait_for(lambda: console.streams_of(session) == 0, seconds=3)
    # The stream is refused without a session.
    response = page.request.get(f"{console.url}/events")
    assert response.status == 401


def _wait_for(condition: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
