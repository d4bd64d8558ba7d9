"""The controller serves the console: `switchboard run` prints where, on loopback, and the
demo staff sign in with the passwords the seed wrote to the secrets file."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.pbx import Pbx


def test_switchboard_run_serves_the_console_on_loopback_with_the_demo_staff(
    page: Page, pbx: Pbx
) -> None:
    log = pbx.log()
    assert f"  console     {pbx.console_url}/" in log
    assert f"console_<user>_password in {pbx.runtime / 'secrets.env'}" in log
    port = urlsplit(pbx.console_url).port
    assert port is not None
    # Loopback only: the machine's other addresses get nothing.
    outside = socket.gethostbyname(socket.gethostname())
    if not outside.startswith("127."):
        with socket.socket() as probe:
            probe.settimeout(2)
            assert probe.connect_ex((outside, port)) != 0
    for username, title in (("operator", "Demo Operator"), ("admin", "Demo Admin")):
        context = page.context.browser.new_context()  # type: ignore[union-attr]
        tab = context.new_page()
        sign_in(tab, pbx.console_url, username, pbx.secrets[f"console_{username}_password"])
        expect(tab.locator("h1")).to_have_text(f"Welcome, {title}")
        expect(tab.locator("#live-status")).to_have_text("live")
        context.close()
    # No default password: "admin" / "admin" is just a failed sign-in.
    sign_in(page, pbx.console_url, "admin", "admin")
    expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
