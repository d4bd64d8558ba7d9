"""Fault 3: the database goes away during calls and comes back.

The controller reaches PostgreSQL through a loopback TCP proxy the test cuts and restores
(the local PostgreSQL itself keeps running for everyone else). Callers must hear the
technical-difficulty prompt, not silence; nothing partial is written; once the database is
back the next call works without restarting anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.evv_calls import call_in_until_clients
from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, dialer, observe
from tests.harness.phone import SipStack
from tests.harness.postgres import postgres_behind_proxy, psql
from tests.harness.tcp_proxy import TcpProxy


@pytest.fixture
def pg_pbx(tmp_path: Path) -> Iterator[tuple[FaultPbx, TcpProxy, str]]:
    with postgres_behind_proxy(tmp_path / "pbx") as running:
        yield running


def test_database_outage_during_calls(
    pg_pbx: tuple[FaultPbx, TcpProxy, str], sip: SipStack
) -> None:
    pbx, proxy, database = pg_pbx
    observer = observe(pbx)
    try:
        dial = dialer(pbx, sip, observer)
        # A: in the middle of a call-in when the database goes.
        a = dial(caller="5550001001")
        call_in_until_clients(a)
        # B: still at the language menu.
        b = dial(caller="5550001002")
        b.expect("language-option", lang="en")

        proxy.cut()
        a.press("1001#")
        b.listen(1.0)
        b.press("1")
        b.expect("evv-welcome", lang="en")
        b.press("1234#")
        for caller in (a, b):
            caller.expect("technical-difficulty", timeout=20)
            caller.wait_hangup(timeout=20)
        assert psql("SELECT count(*) FROM visit", database) == ["0"], "partial visit written"

        proxy.restore()
        c = dial(caller="5550001001")
        call_in_until_clients(c)
        c.press("1001#")
        c.expect("evv-next-client")
        c.hang_up()
        visits = psql("SELECT call_in_channel FROM visit", database)
        assert visits == [c.channel_id]
        print(
            f"\ndatabase outage: 2 calls during the fault, both apologised to; "
            f"visits lost 0; recovered without restart; proxy connections {proxy.connections}"
        )
        assert_no_leaks(pbx, sip)
        assert pbx.controller is not None and pbx.controller.poll() is None
    finally:
        observer.stop()
