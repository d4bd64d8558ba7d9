"""The operators answer (issue 13 item 2) over real SIP, under `switchboard run`: a room
dialling 0 rings the first logged-in operator's phone, which answers and is bridged (the
room heard no recording: the operator greets live); unanswered, the next operator's phone
rings; an outside caller to the main number hears "您好，<hotel>" and "Hello, <hotel>"
and reaches an operator the same way."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from app.systems.hotel.dids import HOTEL_MAIN_NUMBER
from tests.harness.dialog import Caller
from tests.harness.hotel_phones import registered_hotel_phones, unregister
from tests.harness.observer import AriObserver
from tests.harness.pbx import Pbx
from tests.harness.phone import PhoneCall, RegisteredPhone, SipStack

ROOM = "102"  # John Smith, English (the demo hotel)
OPERATORS = ("2001", "2002")


@pytest.fixture(scope="module")
def phones(sip: SipStack, pbx: Pbx) -> Iterator[dict[str, RegisteredPhone]]:
    registered = registered_hotel_phones(sip, pbx, [ROOM, *OPERATORS])
    yield registered
    unregister(sip, registered.values())


def answer(sip: SipStack, extension: str, timeout: float = 15) -> tuple[PhoneCall, float]:
    incoming = sip.wait_incoming(extension, timeout)
    rang_at = time.monotonic()
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, f"{extension} answered")
    return incoming.call, rang_at


def bridged_channels(pbx: Pbx) -> list[int]:
    return [len(bridge["channels"]) for bridge in pbx.ari("/bridges")]


def test_a_room_dialling_0_reaches_the_operator_who_greets_live(
    sip: SipStack, pbx: Pbx, observer: AriObserver, phones: dict[str, RegisteredPhone]
) -> None:
    mark = observer.mark()
    room = Caller(sip, observer, phones[ROOM].dial("0"), mark, f"PJSIP/{ROOM}-")
    started = time.monotonic()
    operator, rang_at = answer(sip, "2001")
    assert rang_at - started < 5, "the operator's phone rings at once"
    sip.wait_until(lambda: room.call.state == "CONFIRMED", 10, "the room connected")
    sip.pump(1)
    assert bridged_channels(pbx) == [2]
    # Only ringing: no recording, the operator says hello herself.
    assert room.prompts() == ["tone:ring"]
    assert "Stasis(switchboard,hotel-operator,0)" in room.dialplan_steps()
    operator.hangup()
    sip.wait_until(lambda: room.call.disconnected, 15, "the room hung up with the operator")


def test_an_unanswered_operator_passes_the_call_to_the_next(
    sip: SipStack, pbx: Pbx, observer: AriObserver, phones: dict[str, RegisteredPhone]
) -> None:
    mark = observer.mark()
    room = Caller(sip, observer, phones[ROOM].dial("0"), mark, f"PJSIP/{ROOM}-")
    first = sip.wait_incoming("2001")
    ringing_since = time.monotonic()
    second, rang_at = answer(sip, "2002", timeout=30)
    # About three rings (15 s) on the first operator's phone, then the second's.
    assert 12 < rang_at - ringing_since < 20, rang_at - ringing_since
    assert first.call.disconnected
    sip.wait_until(lambda: room.call.state == "CONFIRMED", 10, "the room connected")
    sip.pump(1)
    assert bridged_channels(pbx) == [2]
    room.hang_up()
    sip.wait_until(lambda: second.disconnected, 15, "the operator hung up with the room")


def test_an_outside_caller_hears_the_hotel_and_reaches_the_operator(
    dial: Callable[..., Caller], sip: SipStack, pbx: Pbx, phones: dict[str, RegisteredPhone]
) -> None:
    caller = dial(HOTEL_MAIN_NUMBER, caller="13912345678")
    caller.expect("hotel-greeting", lang="zh", timeout=10)
    caller.expect("hotel-greeting", lang="en", timeout=10)
    operator, _ = answer(sip, "2001", timeout=20)
    sip.pump(1)
    assert bridged_channels(pbx) == [2]
    assert caller.prompts() == ["zh/hotel-greeting", "en/hotel-greeting", "tone:ring"]
    caller.hang_up()
    sip.wait_until(lambda: operator.disconnected, 15, "the operator hung up with the caller")
