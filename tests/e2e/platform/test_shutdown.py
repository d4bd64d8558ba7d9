"""Ctrl-C / SIGTERM on `switchboard run`: callers hear a goodbye, our Asterisk stops."""

from __future__ import annotations

import signal
from pathlib import Path

from app.systems.evv.dids import EVV_NUMBER
from tests.harness.dialog import Caller
from tests.harness.observer import AriObserver
from tests.harness.pbx import start_pbx, stop_pbx
from tests.harness.phone import SipStack


def test_sigterm_tells_callers_goodbye_and_stops_asterisk(sip: SipStack, tmp_path: Path) -> None:
    # A PBX of its own: this test ends it.
    pbx = start_pbx(tmp_path)
    observer = AriObserver(pbx.ari_url, "switchboard", pbx.secrets["ari_password"]).start()
    try:
        phone = sip.phone("5550001001", pbx.secrets["carrier_password"], auth_user="carrier")
        mark = observer.mark()
        caller = Caller(
            sip, observer, phone.dial(EVV_NUMBER, port=pbx.sip_port), mark, "PJSIP/carrier-"
        )
        caller.expect("language-option", lang="en")
        pbx.process.send_signal(signal.SIGTERM)
        caller.expect("technical-difficulty", lang="en", timeout=15)
        caller.wait_hangup(20)
        assert pbx.process.wait(40) == 0
        assert "Asterisk" not in pbx.asterisk_cli("core show version"), "Asterisk still running"
        assert "shutting down" in pbx.log()
    finally:
        observer.stop()
        stop_pbx(pbx)
