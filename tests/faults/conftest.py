"""Fault and attack tests: each module gets a private PBX whose parts it may kill.

These tests run in their own pytest process (`make test` does so): PJSUA2 allows one SIP
endpoint per process, and the e2e suite holds its own for the whole session.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.harness.dialog import Caller
from tests.harness.fault_pbx import (
    FaultPbx,
    dialer,
    observe,
    running,
)
from tests.harness.observer import AriObserver
from tests.harness.pbx import free_port
from tests.harness.phone import SipStack


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "faults":
            item.add_marker(pytest.mark.faults)
