"""CSRF: a state-changing request without the session's token, with a wrong one, or from
another site's page is refused with a clear page, changes nothing, and is audited."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import STAFF
from tests.harness.console_server import ConsoleUnderTest


def _notes(console: ConsoleUnderTest) -> list[str]:
    return [json.loads(row["detail"])["note"] for row in console.audit("demo_note")]


def test_the_pages_own_form_carries_its_token_and_is_accepted(
    page: Page, console: ConsoleUnderTest
) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    page.goto(f"{console.url}/demo/")
    page.fill("#note", "guest in 1204 asked for a wake-up")
    with page.expect_navigation():
        page.click("#save-note")
    expect(page.locator("#saved")).to_have_text("Note saved.")
    assert _notes(console)[-1] == "guest in 1204 asked for a wake-up"


def test_htmx_requests_carry_the_token_in_a_header_and_are_accepted(
    page: Page, console: ConsoleUnderTest
) -> None:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    page.goto(f"{console.url}/demo/")
    page.keyboard.press("s")  # the page's own key for the htmx button
    expect(page.locator("#pong")).to_have_text("saved by htmx")
    assert json.loads(console.audit("demo_htmx")[-1]["detail"]) == {"note": "via htmx"}
    # htmx, the keys and the live updates run under the strict CSP without a violation.
    assert errors == []


def test_a_forged_post_without_a_token_is_refused(page: Page, console: ConsoleUnderTest) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    page.goto(f"{console.url}/demo/")
    before = _notes(console)
    # The form as an attacker's copy would post it: the session cookie rides along (same
    # site here), the token does not.
    page.evaluate("document.querySelector('#note-form input[name=csrf_token]').remove()")
    page.fill("#note", "forged without a token")
    with page.expect_navigation():
        page.click("#save-note")
    expect(page.locator("#refused h1")).to_have_text("Request refused")
    expect(page.locator("#refused")).to_contain_text("nothing was changed")
    assert _notes(console) == before
    refused = console.audit("csrf_refused")[-1]
    assert refused["actor"] == "olga"
    assert json.loads(refused["detail"]) == {
        "method": "POST",
        "path": "/demo/note",
        "reason": "no token",
    }


def test_a_forged_post_with_a_wrong_token_is_refused(page: Page, console: ConsoleUnderTest) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    page.goto(f"{console.url}/demo/")
    before = _notes(console)
    response = page.request.post(
        f"{console.url}/demo/note",
        form={"csrf_token": "x" * 43, "note": "forged with a wrong token"},
    )
    assert response.status == 403
    assert "Request refused" in response.text()
    assert _notes(console) == before
    assert json.loads(console.audit("csrf_refused")[-1]["detail"])["reason"] == "wrong token"
    # Garbage that is not even ASCII is refused the same way (not a server error).
    response = page.request.post(
        f"{console.url}/demo/note", form={"csrf_token": "令牌" * 20, "note": "forged"}
    )
    assert response.status == 403 and _notes(console) == before
    response = page.request.post(
        f"{console.url}/demo/note", form={"note": "forged"}, headers={"X-CSRF-Token": "ü" * 43}
    )
    assert response.status == 403 and _notes(console) == before


def test_another_sites_form_gets_no_session_and_changes_nothing(
    page: Page, console: ConsoleUnderTest
) -> None:
    """A page on another origin auto-submitting a form to the console: SameSite=Strict
    keeps the session cookie off the request, so it is refused as having no session."""
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    before = _notes(console)
    # Another origin: the console is reached by 127.0.0.1, the attacker's page by localhost.
    attacker = console.url.replace("127.0.0.1", "localhost")
    page.route(
        f"{attacker}/evil",
        lambda route: route.fulfill(
            content_type="text/html",
            body=(
                f'<form id="f" method="post" action="{console.url}/demo/note">'
                '<input name="note" value="cross-site forgery"></form>'
                "<script>document.getElementById('f').submit()</script>"
            ),
        ),
    )
    with page.expect_navigation(url=f"{console.url}/demo/note"):
        page.goto(f"{attacker}/evil")
    expect(page.locator("#refused h1")).to_have_text("Request refused")
    assert _notes(console) == before
    assert json.loads(console.audit("csrf_refused")[-1]["detail"])["reason"] == "no session"


def test_a_forged_sign_in_without_the_forms_token_is_refused(
    page: Page, console: ConsoleUnderTest
) -> None:
    response = page.request.post(
        f"{console.url}/login", form={"username": "olga", "password": STAFF["olga"][0]}
    )
    assert response.status == 403
    assert not any(c["name"] == "switchboard_session" for c in page.context.cookies())


def test_a_sign_in_with_bytes_that_are_not_text_is_just_a_failed_sign_in(
    page: Page, console: ConsoleUnderTest
) -> None:
    page.goto(f"{console.url}/login")
    token = page.locator("input[name=csrf_token]").get_attribute("value") or ""
    response = page.request.post(
        f"{console.url}/login",
        data=f"csrf_token={token}&username=%FF%FE&password=%ED%B2%80xxxxxxxxxx",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 401
    assert "Wrong username or password." in response.text()
