"""Signing in and out of the console in a real browser, and what the audit trail says."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import STAFF
from tests.harness.console_server import ConsoleUnderTest


def test_sign_in_shows_the_start_page_with_the_roles_pages(
    page: Page, console: ConsoleUnderTest
) -> None:
    before = len(console.audit("login"))
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    assert page.url == f"{console.url}/"
    expect(page.locator("h1")).to_have_text("Welcome, Olga Operator")
    expect(page.locator("#who")).to_contain_text("(operator)")
    # The operator's nav has the demo desk but not the admin-only entry or the audit trail.
    expect(page.locator("header nav")).to_contain_text("Demo desk")
    expect(page.locator("header nav")).not_to_contain_text("Demo admin")
    expect(page.locator("header nav")).not_to_contain_text("Audit")
    logins = console.audit("login")
    assert len(logins) == before + 1
    assert logins[-1]["actor"] == "olga" and logins[-1]["client_address"] == "127.0.0.1"


def test_the_session_cookie_is_httponly_and_samesite_strict_and_stored_hashed(
    page: Page, console: ConsoleUnderTest
) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    cookie = next(c for c in page.context.cookies() if c["name"] == "switchboard_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    # Plain HTTP on loopback: not Secure (a TLS proxy sets SWITCHBOARD_CONSOLE_SECURE_COOKIES).
    assert cookie["secure"] is False
    # Scripts in the page cannot read it.
    assert "switchboard_session" not in page.evaluate("document.cookie")
    stored = {row["token_hash"] for row in console.query("SELECT token_hash FROM staff_session")}
    assert cookie["value"] not in stored
    import hashlib

    assert hashlib.sha256(cookie["value"].encode()).hexdigest() in stored


def test_a_wrong_password_is_refused_politely_and_audited(
    page: Page, console: ConsoleUnderTest
) -> None:
    sign_in(page, console.url, "fred", "not-freds-password")
    expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    # The username stays filled in; the password does not.
    expect(page.locator("#username")).to_have_value("fred")
    expect(page.locator("#password")).to_have_value("")
    assert not any(c["name"] == "switchboard_session" for c in page.context.cookies())
    failed = console.audit("login_failed")[-1]
    assert json.loads(failed["detail"]) == {"username": "fred", "reason": "wrong password"}
    # An unknown username reads exactly the same to the browser.
    sign_in(page, console.url, "nobody", "whatever-password")
    expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    assert json.loads(console.audit("login_failed")[-1]["detail"])["reason"] == "unknown user"


def test_a_page_asked_for_before_signing_in_opens_after_it(
    page: Page, console: ConsoleUnderTest
) -> None:
    page.goto(f"{console.url}/demo/")
    assert page.url.startswith(f"{console.url}/login?next=")
    page.fill("#username", "olga")
    page.fill("#password", STAFF["olga"][0])
    page.click("#sign-in")
    expect(page.locator("h1")).to_have_text("Demo desk")
    assert page.url == f"{console.url}/demo/"


def test_sign_out_ends_the_session_everywhere(page: Page, console: ConsoleUnderTest) -> None:
    sign_in(page, console.url, "adam", STAFF["adam"][0])
    token = next(c for c in page.context.cookies() if c["name"] == "switchboard_session")
    page.click("#logout")
    expect(page.locator("h1")).to_have_text("Sign in")
    assert console.audit("logout")[-1]["actor"] == "adam"
    # The old cookie is dead on the server, not just forgotten by this browser.
    page.context.add_cookies([token])
    page.goto(f"{console.url}/")
    assert page.url.startswith(f"{console.url}/login")


def test_keys_slash_focuses_search_and_question_mark_lists_the_pages_keys(
    page: Page, console: ConsoleUnderTest
) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    page.goto(f"{console.url}/demo/")
    page.keyboard.press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("room 12")
    # Typing in a field never fires a key; Esc leaves the field.
    expect(page.locator("#hotkey-help")).not_to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    help_list = page.locator("#hotkey-help")
    expect(help_list).to_be_visible()
    expect(help_list).to_contain_text("Answer the call")
    expect(help_list).to_contain_text("Demo desk")
    expect(help_list).to_contain_text("Search")
    page.keyboard.press("Escape")
    expect(help_list).not_to_be_visible()
    # "g h" (a two-key sequence) goes to the start page, without the mouse.
    page.keyboard.press("g")
    page.keyboard.press("h")
    expect(page.locator("h1")).to_have_text("Welcome, Olga Operator")
