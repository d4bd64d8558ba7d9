"""The admins' staff page in a real browser: an account added with a generated password
shown once, a new password, disabling (its open pages stop at once), all audited."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import STAFF
from tests.harness.console_server import ConsoleUnderTest


def _admin(page: Page, console: ConsoleUnderTest) -> None:
    sign_in(page, console.url, "adam", STAFF["adam"][0])
    page.keyboard.press("g")
    page.keyboard.press("u")
    expect(page.locator("h1")).to_have_text("Staff accounts")


def test_an_admin_adds_an_account_and_its_generated_password_signs_in(
    page: Page, console: ConsoleUnderTest
) -> None:
    _admin(page, console)
    page.fill("#new-username", "Nina")
    page.fill("#new-name", "Nina Night Shift")
    page.select_option("#new-role", "operator")
    page.fill("#new-extension", "2002")
    with page.expect_navigation():
        page.click("#add")
    expect(page.locator("#new-password")).to_contain_text("Password for nina, shown only now")
    password = page.locator("#password-shown").inner_text()
    expect(page.locator("#staff tr[data-username='nina']")).to_contain_text("Nina Night Shift")
    assert json.loads(console.audit("staff_add")[-1]["detail"]) == {
        "username": "nina",
        "role": "operator",
    }
    # The password is nowhere but on that page: the database has only its hash.
    assert not console.query("SELECT id FROM staff WHERE password_hash LIKE ?", (f"%{password}%",))
    nina = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    try:
        sign_in(nina, console.url, "nina", password)
        expect(nina.locator("h1")).to_have_text("Welcome, Nina Night Shift")
    finally:
        nina.context.close()
    # The same username again, or a role that does not exist, adds nobody.
    page.fill("#new-username", "nina")
    with page.expect_navigation():
        page.click("#add")
    expect(page.locator("#form-error")).to_have_text(
        "staff 'nina' already exists; nobody was added."
    )


def test_a_disabled_account_is_signed_out_of_its_open_page_at_once(
    page: Page, console: ConsoleUnderTest
) -> None:
    console.add_staff("vera", "vera-operator-pw", "operator", "Vera")
    vera = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    try:
        sign_in(vera, console.url, "vera", "vera-operator-pw")
        vera.goto(f"{console.url}/demo/")
        expect(vera.locator("#live-status")).to_have_text("live")
        _admin(page, console)
        with page.expect_navigation():
            page.click("#staff tr[data-username='vera'] button.disable")
        expect(page.locator("#staff tr[data-username='vera'] .state")).to_have_text("disabled")
        # Her page's live stream ends and is refused from then on.
        expect(vera.locator("#live-status")).to_have_text("offline")
        vera.reload()
        assert vera.url.startswith(f"{console.url}/login")
    finally:
        vera.context.close()
    assert json.loads(console.audit("staff_disable")[-1]["detail"]) == {"username": "vera"}


def test_a_new_password_replaces_the_old_one_and_admins_cannot_disable_themselves(
    page: Page, console: ConsoleUnderTest
) -> None:
    console.add_staff("walt", "walt-frontdesk-pw", "frontdesk", "Walt")
    _admin(page, console)
    with page.expect_navigation():
        page.click("#staff tr[data-username='walt'] button.passwd")
    new = page.locator("#password-shown").inner_text()
    other = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    try:
        sign_in(other, console.url, "walt", "walt-frontdesk-pw")
        expect(other.locator("#login-error")).to_have_text("Wrong username or password.")
        sign_in(other, console.url, "walt", new)
        expect(other.locator("h1")).to_have_text("Welcome, Walt")
    finally:
        other.context.close()
    expect(page.locator("#staff tr[data-username='adam'] button.disable")).to_have_count(0)
    token = page.locator("input[name=csrf_token]").first.get_attribute("value") or ""
    response = page.request.post(f"{console.url}/staff/adam/disable", form={"csrf_token": token})
    assert response.status == 400 and "cannot disable your own account" in response.text()


def test_the_staff_page_is_for_admins_only(page: Page, console: ConsoleUnderTest) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    response = page.goto(f"{console.url}/staff")
    assert response is not None and response.status == 403
