"""The console over PostgreSQL when the database goes away (a loopback proxy cut, the
shared PostgreSQL never stopped): a clear page, nothing written, and the same session
working again once the database is back."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_demo import DEMO_PAGES, STAFF
from tests.harness.console_server import ConsoleUnderTest
from tests.harness.postgres import PG_PORT, psql
from tests.harness.tcp_proxy import TcpProxy


@pytest.fixture
def cut_off() -> Iterator[tuple[ConsoleUnderTest, TcpProxy]]:
    name = f"switchboard_console_{uuid.uuid4().hex[:10]}"
    psql(f'CREATE DATABASE "{name}"')
    proxy = TcpProxy(PG_PORT).start()
    console: ConsoleUnderTest | None = None
    try:
        console = ConsoleUnderTest(
            Path("/nonexistent"),  # unused: the URL names the database
            [DEMO_PAGES],
            url=f"postgresql+asyncpg://postgres@127.0.0.1:{proxy.port}/{name}",
        ).start()
        console.add_staff("olga", STAFF["olga"][0], "operator", "Olga Operator")
        yield console, proxy
    finally:
        if proxy._listener is None:  # the test stopped while the database was cut off
            proxy.restore()
        if console is not None:
            console.stop()
        proxy.cut()
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _notes(database: str) -> list[str]:
    rows = psql("SELECT detail FROM staff_audit WHERE action = 'demo_note'", database)
    return [json.loads(row)["note"] for row in rows]


def test_a_dead_database_gets_a_clear_page_and_the_session_survives_it(
    page: Page, cut_off: tuple[ConsoleUnderTest, TcpProxy]
) -> None:
    console, proxy = cut_off
    database = console.url_of_db.rsplit("/", 1)[-1]
    sign_in(page, console.url, "olga", STAFF["olga"][0])
    page.goto(f"{console.url}/demo/")
    page.fill("#note", "written while the database is down")
    proxy.cut()
    with page.expect_navigation():
        page.click("#save-note")
    expect(page.locator("#unavailable h1")).to_have_text("Try again shortly")
    response = page.goto(f"{console.url}/demo/")
    assert response is not None and response.status == 503
    proxy.restore()
    assert _notes(database) == []
    # Back: the same browser is still signed in, and the form works.
    page.goto(f"{console.url}/demo/")
    expect(page.locator("h1")).to_have_text("Demo desk")
    page.fill("#note", "written once it is back")
    with page.expect_navigation():
        page.click("#save-note")
    expect(page.locator("#saved")).to_have_text("Note saved.")
    assert _notes(database) == ["written once it is back"]
