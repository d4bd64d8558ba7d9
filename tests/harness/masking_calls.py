"""Masked-calling call scripts shared by the fault tests."""

from __future__ import annotations

from pathlib import Path

from tests.harness.dialog import Caller
from tests.harness.phone import Incoming, SipStack


def connect(shopper: Caller, sip: SipStack, destination: str, tones: dict[str, Path]) -> Incoming:
    """Dial `destination` from the access line; the callee answers and both play a tone."""
    shopper.press(f"{destination}#")
    callee = sip.wait_incoming(destination)
    callee.call.answer(200)
    callee.call.play_file(tones["callee"])
    shopper.call.play_file(tones["shopper"])
    return callee
