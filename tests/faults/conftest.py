"""Fault and attack tests: each module gets a private PBX whose parts it may kill.

These tests run in their own pytest process (`make test` does so): PJSUA2 allows one SIP
endpoint per process, and the e2e suite holds its own for the whole session.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.faults.pbx import FaultPbx
from tests.harness.dialog import Caller
from tests.harness.observer import AriObserver
from tests.harness.phone import SipStack

EVV_DID = "8005550100"


@pytest.fixture(scope="session")
def sip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SipStack]:
    stack = SipStack(pbx_port=0, recordings=tmp_path_factory.mktemp("heard")).start()
    yield stack
    stack.stop()


@pytest.fixture
def sqlite_pbx(tmp_path: Path) -> Iterator[FaultPbx]:
    pbx = FaultPbx.create(tmp_path / "pbx")
    try:
        pbx.start_asterisk()
        pbx.start_controller()
        yield pbx
    finally:
        pbx.stop()


def observe(pbx: FaultPbx) -> AriObserver:
    return AriObserver(pbx.ari_url, "switchboard", pbx.secrets["ari_password"]).start()


def dialer(pbx: FaultPbx, sip: SipStack, observer: AriObserver) -> Callable[..., Caller]:
    sip.pbx_port = pbx.sip_port

    def place(number: str = EVV_DID, caller: str = "5550001001") -> Caller:
        phone = sip.phone(caller, pbx.secrets["carrier_password"], auth_user="carrier")
        mark = observer.mark()
        # Recorded: PJSUA clocks a call's media (and so sends its DTMF) only when
        # something is attached to it.
        call = phone.dial(number)
        return Caller(sip, observer, call, mark, "PJSIP/carrier-")

    return place


def assert_no_leaks(pbx: FaultPbx, sip: SipStack, timeout: float = 15) -> None:
    sip.hang_up_all()
    deadline = time.monotonic() + timeout
    channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    while (channels or bridges) and time.monotonic() < deadline:
        sip.pump(0.2)
        channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    assert not channels, f"channels left behind: {[c['name'] for c in channels]}"
    assert not bridges, f"bridges left behind: {[b['id'] for b in bridges]}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "faults":
            item.add_marker(pytest.mark.faults)
