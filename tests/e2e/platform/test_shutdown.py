"""Ctrl-C / SIGTERM on `switchboard run`: callers hear a goodbye, our Asterisk stops."""

from __future__ import annotations

import signal
import time
import wave
from pathlib import Path

from app.config import REPO_ROOT
from app.systems.evv.dids import EVV_NUMBER
from tests.harness.dialog import Caller
from tests.harness.observer import AriObserver
from tests.harness.pbx import start_pbx, stop_pbx
from tests.harness.phone import SipStack

SOUNDS = REPO_ROOT / "sounds"


def seconds_of(prompt: Path) -> float:
    with wave.open(str(prompt)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_sigterm_tells_callers_goodbye_at_once_and_stops_asterisk(
    sip: SipStack, tmp_path: Path
) -> None:
    # A PBX of its own: this test ends it.
    pbx = start_pbx(tmp_path)
    observer = AriObserver(pbx.ari_url, "switchboard", pbx.secrets["ari_password"]).start()
    try:
        phone = sip.phone("5550001001", pbx.secrets["carrier_password"], auth_user="carrier")
        mark = observer.mark()
        caller = Caller(
            sip, observer, phone.dial(EVV_NUMBER, port=pbx.sip_port), mark, "PJSIP/carrier-"
        )
        # Mid-menu: five more language options are queued behind this one.
        caller.expect("language-option", lang="en")
        signalled = time.monotonic()
        pbx.process.send_signal(signal.SIGTERM)
        # The apology does not wait for the rest of the menu to play out.
        caller.expect("technical-difficulty", lang="en", timeout=3)
        apology = time.monotonic() - signalled
        caller.wait_hangup(20)
        released = time.monotonic() - signalled
        assert pbx.process.wait(40) == 0
        exited = time.monotonic() - signalled
        assert apology < 1.5, f"apology began {apology:.1f}s after SIGTERM"
        spoken = seconds_of(SOUNDS / "en" / "technical-difficulty.wav")
        assert released < spoken + 2, f"caller released after {released:.1f}s"
        assert exited < released + 3, f"process exited after {exited:.1f}s"
        heard = caller.prompts()
        assert heard[-1] == "en/technical-difficulty"
        assert "Asterisk" not in pbx.asterisk_cli("core show version"), "Asterisk still running"
        log = pbx.log()
        assert "shutting down" in log
        # The log says what the stop is waiting for.
        assert "stopping: 1 call(s) in progress hear the apology" in log
        assert "stopping: every call released" in log
        assert "stopping: Asterisk" in log
    finally:
        observer.stop()
        stop_pbx(pbx)
