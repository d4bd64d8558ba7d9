"""Fault 1 and 4: the controller is SIGKILLed with calls up, and calls arrive while it is down.

Restarted, it must find the callers still in its Stasis app, apologise and hang up; visits
confirmed before the crash stay, nothing half-written appears, no channel is left; every
call's CDR is in the `cdr` table exactly once (the ones made while it was down come from
Asterisk's Master.csv).
"""

from __future__ import annotations

import time

from app.cdr.backfill import read_master_csv
from app.systems.evv.dids import EVV_NUMBER
from tests.harness.evv_calls import call_in_until_clients
from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, dialer, observe
from tests.harness.phone import SipStack

VISITS = "SELECT * FROM visit ORDER BY id"


def test_sigkill_mid_call_then_restart(sqlite_pbx: FaultPbx, sip: SipStack) -> None:
    pbx = sqlite_pbx
    observer = observe(pbx)
    try:
        dial = dialer(pbx, sip, observer)

        # A: a call-in confirmed for one client, still on the line for the next client.
        a = dial(caller="5550001001")
        call_in_until_clients(a)
        a.press("1001#")
        a.expect("evv-next-client")
        # B: half-way, at the caregiver ID.
        b = dial(caller="5550001002")
        b.expect("language-option", lang="en")
        b.press("1")
        b.expect("evv-welcome", lang="en")
        b.press("56")  # part of an ID, never finished
        sip.pump(0.5)
        confirmed = pbx.query(VISITS)
        assert len(confirmed) == 1

        pbx.kill_controller()

        # C: a call while the controller is down: Stasis has no app to hand it to.
        # It may be over before the observer reports its channel, so find that afterwards.
        phone = sip.phone("5550001003", pbx.secrets["carrier_password"], auth_user="carrier")
        mark = observer.mark()
        c_call = phone.dial(EVV_NUMBER)
        sip.wait_until(lambda: c_call.disconnected, 20, "the call made while down to end")
        sip.wait_until(
            lambda: observer.channel(mark, "PJSIP/carrier-") is not None, 10, "its channel"
        )
        c_channel = str(observer.channel(mark, "PJSIP/carrier-"))
        assert not a.call.disconnected and not b.call.disconnected, "callers dropped at crash"

        restarted = time.monotonic()
        connect_seconds = pbx.start_controller()
        d = dial(caller="5550001004")
        d.expect("language-option", lang="en", timeout=20)
        serve_seconds = time.monotonic() - restarted
        for orphan in (a, b):
            orphan.expect("technical-difficulty", timeout=30)
            orphan.wait_hangup(timeout=30)
        d.hang_up()
        print(
            f"\ncontroller restart: ARI connected in {connect_seconds:.2f}s, "
            f"first new call greeted {serve_seconds:.2f}s after restart"
        )
        assert serve_seconds < 15
        # Logged once both hang-ups are confirmed to the controller, which can be a moment
        # after the phones see them.
        pbx.wait_log("hung up 2 call(s) left over from a previous controller", 1, 5)

        visits = pbx.query(VISITS)
        assert [dict(v) for v in visits] == [dict(v) for v in confirmed], "visits changed"
        assert visits[0]["call_in_channel"] == a.channel_id
        assert not pbx.query("SELECT * FROM visit WHERE call_in_channel = ?", (b.channel_id,))
        assert_no_leaks(pbx, sip)
        check_cdrs_exactly_once(pbx, [a.channel_id, b.channel_id, c_channel, d.channel_id])
    finally:
        observer.stop()


def check_cdrs_exactly_once(pbx: FaultPbx, callers: list[str]) -> None:
    """Restart once more (a second back-fill must add nothing) and compare with the CSV."""
    csv_path = pbx.runtime / "log" / "cdr-csv" / "Master.csv"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        in_csv = list(read_master_csv(csv_path)) if csv_path.exists() else []
        if {r.unique_id for r in in_csv} >= set(callers):
            break
        time.sleep(0.2)
    pbx.stop_controller()
    pbx.start_controller()
    pbx.wait_log("CDR back-fill", 0, 1)
    in_csv = list(read_master_csv(csv_path))
    keys = {(r.unique_id, r.channel, r.destination_channel) for r in in_csv}
    assert set(callers) <= {r.unique_id for r in in_csv}
    deadline = time.monotonic() + 15
    rows = pbx.query("SELECT unique_id, channel, destination_channel, origin FROM cdr")
    while len(rows) < len(in_csv) and time.monotonic() < deadline:
        time.sleep(0.3)
        rows = pbx.query("SELECT unique_id, channel, destination_channel, origin FROM cdr")
    stored = [(r["unique_id"], r["channel"], r["destination_channel"]) for r in rows]
    assert len(stored) == len(set(stored)), "a CDR stored twice"
    assert set(stored) == keys, "cdr table and Master.csv differ"
    origins = {r["unique_id"]: r["origin"] for r in rows}
    print(f"CDRs: {len(rows)} rows, origins {sorted(origins.values())}")
    assert origins[callers[2]] == "csv", "the call made while down came from the CSV"
    # That caller was answered by the dialplan and told why, not left on a dead line.
    [down] = [r for r in in_csv if r.unique_id == callers[2]]
    assert (down.last_app, down.last_data) == (
        "Playback",
        "switchboard/en/technical-difficulty",
    ), down
    assert down.disposition == "ANSWERED", down
