"""Session-wide private PBX, SIP stack and ARI observer for end-to-end tests."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.harness.browser import chromium
from tests.harness.dialog import Caller
from tests.harness.observer import AriObserver
from tests.harness.open_files import asterisk_pid, wait_until_closed
from tests.harness.pbx import Pbx, free_port, start_pbx, stop_pbx
from tests.harness.phone import SipStack
from tests.harness.sms_gateway import SmsGatewayStub


@pytest.fixture(scope="session")
def sms_gateway() -> Iterator[SmsGatewayStub]:
    stub = SmsGatewayStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def sip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SipStack]:
    """The test SIP stack, started before the PBX on a known port: it is also the carrier
    every call the PBX places through the trunk goes to."""
    stack = SipStack(
        pbx_port=0,
        recordings=tmp_path_factory.mktemp("heard"),
        local_port=free_port(socket.SOCK_DGRAM),
    ).start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def pbx(
    tmp_path_factory: pytest.TempPathFactory, sip: SipStack, sms_gateway: SmsGatewayStub
) -> Iterator[Pbx]:
    instance = start_pbx(
        tmp_path_factory.mktemp("pbx"), carrier_port=sip.local_port, sms_url=sms_gateway.url
    )
    sip.pbx_port = instance.sip_port
    yield instance
    stop_pbx(instance)


@pytest.fixture(scope="session")
def observer(pbx: Pbx) -> Iterator[AriObserver]:
    watcher = AriObserver(pbx.ari_url, "switchboard", pbx.secrets["ari_password"]).start()
    yield watcher
    watcher.stop()


@pytest.fixture
def dial(pbx: Pbx, sip: SipStack, observer: AriObserver) -> Callable[..., Caller]:
    """dial(number, caller="5550001001") — a call through the carrier trunk."""

    def place(
        number: str,
        caller: str = "5550001001",
        *,
        auth_user: str = "carrier",
        password: str | None = None,
    ) -> Caller:
        secret = password or (
            pbx.secrets["carrier_password"]
            if auth_user == "carrier"
            else pbx.secrets["phone_password"]
        )
        phone = sip.phone(caller, secret, auth_user=auth_user)
        mark = observer.mark()
        call = phone.dial(number)
        return Caller(sip, observer, call, mark, f"PJSIP/{auth_user}-")

    return place


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium (tests/harness/browser.py), per module: while Playwright's sync
    API is running, an asyncio test in the same process cannot start its loop, and
    `make test` runs the unit and database tests (asyncio) after these in one process."""
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A tab in a fresh browser context: no cookies from the test before."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def no_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """asterisk/testsuite style: after each test no channel or bridge may be left, and
    neither Asterisk nor the controller (`switchboard run`) holds a recording open."""
    yield
    if "pbx" not in request.fixturenames:
        return
    pbx: Pbx = request.getfixturevalue("pbx")
    sip: SipStack = request.getfixturevalue("sip")
    sip.hang_up_all()
    deadline = time.monotonic() + 10
    channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    while (channels or bridges) and time.monotonic() < deadline:
        sip.pump(0.2)
        channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    assert not channels, f"channels left behind: {[c['name'] for c in channels]}"
    assert not bridges, f"bridges left behind: {[b['id'] for b in bridges]}"
    processes = {"asterisk": asterisk_pid(pbx.runtime), "controller": pbx.process.pid}
    held = wait_until_closed(processes, pbx.runtime / "spool" / "recording")
    assert not held, f"recordings left open: {held}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.e2e)
