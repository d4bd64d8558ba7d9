"""Fault 2: Asterisk restarts under a running controller (with a call up when it goes).

The ARI event stream and the AMI listener must reconnect with backoff and say so in the
log, and the next call must work without restarting the controller.
"""

from __future__ import annotations

import time

from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, dialer, observe
from tests.harness.phone import SipStack


def test_asterisk_restart_under_the_controller(sqlite_pbx: FaultPbx, sip: SipStack) -> None:
    pbx = sqlite_pbx
    observer = observe(pbx)
    try:
        dial = dialer(pbx, sip, observer)
        up = dial(caller="5550001001")
        up.expect("language-option", lang="en")

        pbx.stop_asterisk()
        up.wait_hangup(timeout=20)
        sip.hang_up_all()  # release the dropped call's media on the phone side
        time.sleep(2)  # let the controller try (and fail) a few times
        down_log = pbx.log()
        assert "ARI events unavailable" in down_log, "no reconnect attempt logged"
        assert "AMI connection lost" in down_log
        restarted = time.monotonic()
        pbx.start_asterisk()
        pbx.wait_log("ARI events connected", 2, 30)
        pbx.wait_log("AMI logged in", 2, 30)
        reconnect_seconds = time.monotonic() - restarted
        print(f"\ncontroller reconnected {reconnect_seconds:.2f}s after Asterisk was back")
        assert pbx.controller is not None and pbx.controller.poll() is None

        after = dial(caller="5550001009")
        after.expect("language-option", lang="en", timeout=20)
        after.listen(1.0)
        after.press("1")
        after.expect("evv-welcome", lang="en")
        after.hang_up()
        # The new call's CDR arrives over the reconnected AMI session.
        deadline = time.monotonic() + 15
        rows = pbx.query("SELECT origin FROM cdr WHERE unique_id = ?", (after.channel_id,))
        while not rows and time.monotonic() < deadline:
            time.sleep(0.2)
            rows = pbx.query("SELECT origin FROM cdr WHERE unique_id = ?", (after.channel_id,))
        assert [r["origin"] for r in rows] == ["ami"]
        assert_no_leaks(pbx, sip)
    finally:
        observer.stop()
