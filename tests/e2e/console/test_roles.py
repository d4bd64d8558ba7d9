"""Roles: a page a role may not see is a 403 page naming who may, and is audited."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import STAFF
from tests.harness.console_server import ConsoleUnderTest


def test_an_operator_gets_403_on_the_admin_only_page(page: Page, console: ConsoleUnderTest) -> None:
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    response = page.goto(f"{console.url}/demo/admin")
    assert response is not None and response.status == 403
    expect(page.locator("#forbidden h1")).to_have_text("Not for your role")
    expect(page.locator("#forbidden")).to_contain_text("This page is for: admin.")
    row = console.audit("forbidden")[-1]
    assert row["actor"] == "olga"
    assert json.loads(row["detail"]) == {"method": "GET", "path": "/demo/admin"}


def test_front_desk_may_not_open_a_system_the_contribution_keeps_from_it(
    page: Page, console: ConsoleUnderTest
) -> None:
    sign_in(page, console.url, "fred", STAFF["fred"][0])
    expect(page.locator("header nav")).not_to_contain_text("Demo desk")
    response = page.goto(f"{console.url}/demo/")
    assert response is not None and response.status == 403
    expect(page.locator("#forbidden")).to_contain_text("admin, operator")
    # Nor the platform's audit trail.
    response = page.goto(f"{console.url}/audit")
    assert response is not None and response.status == 403


def test_the_admin_sees_the_admin_page_and_the_audit_trail(
    page: Page, console: ConsoleUnderTest
) -> None:
    sign_in(page, console.url, "adam", STAFF["adam"][0])
    page.goto(f"{console.url}/demo/admin")
    expect(page.locator("#admin-page")).to_have_text("Demo admin")
    page.goto(f"{console.url}/audit")
    expect(page.locator("#audit")).to_contain_text("login")
    expect(page.locator("#audit")).to_contain_text("adam")


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(
    page: Page, console: ConsoleUnderTest
) -> None:
    console.add_staff("dora", "dora-operator-pw", "operator")
    sign_in(page, console.url, "dora", "dora-operator-pw")
    expect(page.locator("h1")).to_have_text("Welcome, dora")
    console.run(console.accounts.disable("dora"))
    page.goto(f"{console.url}/demo/")
    assert page.url.startswith(f"{console.url}/login")
    sign_in(page, console.url, "dora", "dora-operator-pw")
    expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    assert json.loads(console.audit("login_failed")[-1]["detail"])["reason"] == "disabled"
