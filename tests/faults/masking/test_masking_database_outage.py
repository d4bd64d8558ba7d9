"""Fault 3 on the masked-calling lines: PostgreSQL goes away during calls and comes back.

As in test_database_outage.py the controller reaches PostgreSQL through a loopback TCP
proxy the test cuts and restores. During the outage a shopper about to be connected, a
shopper returning a call on the callback number and a dealer calling a fictitious number
back each hear "technical difficulty" from the masking flow itself (the router's catch-all
would say the same words, so the controller log tells which one spoke); a bridged call
that ends meanwhile keeps its recording, complete, and its row still names it. Nothing is
dialed without its row, no pending callback or SMS is half-written, and once the database
is back the next masked call is placed, recorded and stored without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.systems.masking.demo import DEMO_SHOPPER_ONE, DEMO_SHOPPER_TWO
from app.systems.masking.dids import MASKING_ACCESS_NUMBER, MASKING_CALLBACK_NUMBER
from tests.harness.dialog import Caller
from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, dialer, observe
from tests.harness.masking_calls import connect
from tests.harness.pbx import MASKING_TEST_ENV
from tests.harness.phone import SipStack
from tests.harness.postgres import postgres_behind_proxy, psql
from tests.harness.recording_file import read_wav
from tests.harness.tcp_proxy import TcpProxy
from tests.harness.tones import tone_seconds, write_tone

SHOPPER_TONE, CALLEE_TONE = 440.0, 1250.0
CALLS = "SELECT id, answered_at, ended_at, outcome, recording_name, recording_path FROM masked_call"


@pytest.fixture
def pg_pbx(tmp_path: Path, sip: SipStack) -> Iterator[tuple[FaultPbx, TcpProxy, str]]:
    with postgres_behind_proxy(
        tmp_path / "pbx", carrier_port=sip.local_port, extra_env=MASKING_TEST_ENV
    ) as running:
        yield running


def rows(database: str, where: str = "") -> list[list[str]]:
    return [line.split("|") for line in psql(f"{CALLS} {where} ORDER BY id", database)]


def test_database_outage_on_the_masking_lines(
    pg_pbx: tuple[FaultPbx, TcpProxy, str], sip: SipStack, tmp_path: Path
) -> None:
    pbx, proxy, database = pg_pbx
    tones = {
        "shopper": write_tone(tmp_path / "shopper.wav", SHOPPER_TONE),
        "callee": write_tone(tmp_path / "callee.wav", CALLEE_TONE),
    }
    observer = observe(pbx)
    try:
        dial: Callable[..., Caller] = dialer(pbx, sip, observer)
        # B: bridged and recorded when the database goes.
        bridged = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
        bridged.expect("masking-enter-destination")
        callee = connect(bridged, sip, "221234567", tones)
        deadline = time.monotonic() + 15
        while not (answered := rows(database, "WHERE answered_at IS NOT NULL")):
            assert time.monotonic() < deadline, "the bridged call was never stored as answered"
            sip.pump(0.2)
        [[call_id, *_, recording_name, _]] = answered
        # A: has chosen a fictitious number, about to enter the destination.
        about_to_dial = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_TWO)
        about_to_dial.expect("masking-enter-id")
        about_to_dial.press("2#")
        about_to_dial.expect("masking-enter-destination")
        sip.pump(2.0)

        proxy.cut()
        outage_began = time.monotonic()
        about_to_dial.press("221234568#")
        about_to_dial.expect("technical-difficulty", timeout=20)
        about_to_dial.wait_hangup(timeout=20)
        callee.call.hangup()
        bridged.wait_hangup(timeout=15)
        # C: the shopper returns a call on the callback number.
        returning = dial(MASKING_CALLBACK_NUMBER, caller=DEMO_SHOPPER_ONE)
        returning.expect("technical-difficulty", timeout=20)
        returning.wait_hangup(timeout=20)
        # D: a dealer calls the shopper's fictitious number back.
        dealer = dial("234234301", caller="221555001")
        dealer.expect("technical-difficulty", timeout=20)
        dealer.wait_hangup(timeout=20)
        outage = time.monotonic() - outage_began
        assert not sip.incoming_to(DEMO_SHOPPER_ONE), "the shopper's phone rang untracked"
        assert not sip.incoming_to("221234568"), "dialed without a row"

        proxy.restore()
        # The bridged call's end was not stored, but its row names its recording, which is
        # complete and holds both parties.
        calls = rows(database)
        assert len(calls) == 1, calls
        [[_, answered_at, ended_at, _, _, _]] = calls
        assert answered_at and not ended_at, calls
        recording = pbx.recordings_dir / f"{recording_name}.wav"
        wav = read_wav(recording)
        assert wav.complete and wav.seconds > 1.5, wav
        assert tone_seconds(recording, SHOPPER_TONE) > 1.0
        assert tone_seconds(recording, CALLEE_TONE) > 1.0
        assert psql("SELECT count(*) FROM pending_callback", database) == ["0"]
        assert psql("SELECT count(*) FROM sms_outbox", database) == ["0"]

        # E: back to normal, no restart.
        after = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
        after.expect("masking-enter-destination")
        callee = connect(after, sip, "221234569", tones)
        sip.pump(2.0)
        after.hang_up()
        sip.wait_until(lambda: callee.call.disconnected, 10, "the callee to be hung up")
        deadline = time.monotonic() + 15
        while len(done := rows(database, "WHERE ended_at IS NOT NULL")) < 1:
            assert time.monotonic() < deadline, "the call after the outage was not stored"
            time.sleep(0.2)
        [[_, _, _, outcome, _, recording_path]] = done
        assert outcome == "answered" and read_wav(Path(recording_path)).complete

        log = pbx.log()
        for caller in (about_to_dial, bridged, returning, dealer):
            assert f"channel {caller.channel_id}: masking store unavailable" in log, (
                f"{caller.channel_id} was not apologised to by the masking flow"
            )
        assert f"masked call {call_id}: ended at" in log and recording_name in log
        assert "masking-access failed" not in log and "masking-callback failed" not in log
        assert "masking-inbound failed" not in log
        assert pbx.controller is not None and pbx.controller.poll() is None
        assert pbx.controller_starts == 1
        print(
            f"\nmasking database outage ({outage:.1f}s): 4 calls during the fault, each "
            f"apologised to by the masking flow; nothing dialed without its row; bridged "
            f"call's recording {wav.seconds:.1f}s complete and named by its row; recovered "
            f"without restart; proxy connections {proxy.connections}"
        )
        assert_no_leaks(pbx, sip)
    finally:
        observer.stop()
