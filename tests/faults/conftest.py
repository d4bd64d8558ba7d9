"""Fault and attack tests: each module gets a private PBX whose parts it may kill.

These tests run in their own pytest process (`make test` does so): PJSUA2 allows one SIP
endpoint per process, and the e2e suite holds its own for the whole session.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.harness.dialog import Caller
from tests.harness.fault_pbx import FaultPbx
from tests.harness.observer import AriObserver
from tests.harness.open_files import wait_until_closed
from tests.harness.pbx import free_port
from tests.harness.phone import SipStack

EVV_DID = "8005550100"


@pytest.fixture(scope="session")
def sip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SipStack]:
    # On a known port: it is also the carrier the PBX dials out to (masked calling).
    stack = SipStack(
        pbx_port=0,
        recordings=tmp_path_factory.mktemp("heard"),
        local_port=free_port(socket.SOCK_DGRAM),
    ).start()
    yield stack
    stack.stop()


@contextmanager
def running(pbx: FaultPbx) -> Iterator[FaultPbx]:
    """Asterisk and the controller up for the block, both stopped after it."""
    try:
        pbx.start_asterisk()
        pbx.start_controller()
        yield pbx
    finally:
        pbx.stop()


@pytest.fixture
def sqlite_pbx(tmp_path: Path) -> Iterator[FaultPbx]:
    with running(FaultPbx.create(tmp_path / "pbx")) as pbx:
        yield pbx


@pytest.fixture
def observer(pbx: FaultPbx) -> Iterator[AriObserver]:
    """For modules whose `pbx` fixture is their own PBX."""
    watcher = observe(pbx)
    yield watcher
    watcher.stop()


@pytest.fixture
def dial(pbx: FaultPbx, sip: SipStack, observer: AriObserver) -> Callable[..., Caller]:
    return dialer(pbx, sip, observer)


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
    assert_no_open_recordings(pbx)


def assert_no_open_recordings(pbx: FaultPbx) -> None:
    """Neither Asterisk nor the controller holds a file under the recordings folder open
    (a recording never stopped, or stopped but never closed)."""
    processes = {
        name: process.pid
        for name, process in (("asterisk", pbx.asterisk), ("controller", pbx.controller))
        if process is not None and process.poll() is None
    }
    held = wait_until_closed(processes, pbx.recordings_dir)
    assert not held, f"recordings left open: {held}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "faults":
            item.add_marker(pytest.mark.faults)
