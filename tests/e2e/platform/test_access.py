"""Who reaches what: unknown numbers, unauthenticated callers, demo phones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.systems.evv.dids import EVV_NUMBER
from tests.harness.dialog import Caller, audio_level
from tests.harness.observer import AriObserver
from tests.harness.pbx import Pbx
from tests.harness.phone import SipStack


def test_unknown_number_hears_a_polite_message(dial: Callable[..., Caller], pbx: Pbx) -> None:
    caller = dial("8005550199")
    caller.wait_hangup(20)
    assert "Playback(switchboard/en/number-not-in-service)" in caller.dialplan_steps()
    assert not any(step.startswith("Stasis") for step in caller.dialplan_steps())
    seconds, rms = audio_level(caller.call.recording)  # type: ignore[arg-type]
    assert seconds > 2 and rms > 100, f"the caller heard silence ({seconds:.1f}s, rms {rms:.0f})"
    cdrs = pbx.wait_rows("SELECT * FROM cdr WHERE unique_id = ?", (caller.channel_id,), 1)
    assert [c["destination"] for c in cdrs] == ["8005550199"]


def test_demo_phone_reaches_the_evv_line(dial: Callable[..., Caller]) -> None:
    caller = dial(EVV_NUMBER, caller="1001", auth_user="1001")
    caller.expect("language-option", lang="en")
    caller.hang_up()


@pytest.mark.parametrize(
    ("auth_user", "password"),
    [("carrier", "wrong-password"), ("1002", "wrong-password"), ("nobody", "guess")],
)
def test_unauthenticated_callers_reach_nothing(
    pbx: Pbx, sip: SipStack, observer: AriObserver, auth_user: str, password: str
) -> None:
    mark = observer.mark()
    call = sip.phone("5550001001", password, auth_user=auth_user).dial(EVV_NUMBER)
    sip.wait_until(lambda: call.disconnected, 15, "the PBX to refuse the call")
    assert call.status_code in (401, 403, 407)
    sip.pump(0.5)
    created = [e for e in observer.since(mark) if e.get("type") == "ChannelCreated"]
    assert created == [], "an unauthenticated INVITE must not create a channel"
