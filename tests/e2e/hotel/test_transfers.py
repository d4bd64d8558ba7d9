"""Putting a caller through to a room over real SIP (issue 13 item 5), with the console's
transfer service: a busy room is told in the seed's words and the caller is back with the
operator; an unanswered room sends the caller to the room's voicemail (the lamp lights);
a guest with privacy is never rung and the scripted answers come back.

The caller is a test phone entering the main-number flow in the test's own Stasis app
(tests/harness/hotel_phones.py), so that the flow and the console services the test
calls share one process, as they do in the controller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.systems.hotel.flows.hunt import TAKEN
from app.systems.hotel.operator import OperatorServices
from app.systems.hotel.rules.transfer import BUSY, NO_ANSWER, NOT_REGISTERED
from tests.harness.dialog import write_tone
from tests.harness.hotel_app import HotelApp
from tests.harness.hotel_phones import TEST_MAIN, registered_hotel_phones, unregister
from tests.harness.pbx import Pbx
from tests.harness.phone import PhoneCall, RegisteredPhone, SipStack

ROOM = "102"  # John Smith
PRIVATE_ROOM = "103"  # 李娜, privacy
OPERATOR = "2001"
CALLER = "2998"  # the test's caller


@pytest.fixture(scope="module")
def hotel(pbx: Pbx) -> Iterator[HotelApp]:
    app = HotelApp(
        pbx,
        {"SWITCHBOARD_HOTEL_OPERATORS": OPERATOR, "SWITCHBOARD_HOTEL_TRANSFER_RING_SECONDS": "6"},
    ).start()
    yield app
    app.stop()


@pytest.fixture(scope="module")
def phones(sip: SipStack, pbx: Pbx) -> Iterator[dict[str, RegisteredPhone]]:
    registered = registered_hotel_phones(sip, pbx, [ROOM, OPERATOR, CALLER])
    yield registered
    unregister(sip, registered.values())


def services(hotel: HotelApp) -> OperatorServices:
    assert hotel.operator is not None
    return hotel.operator


def answered(sip: SipStack, number: str) -> PhoneCall:
    incoming = sip.wait_incoming(number, 20)
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, f"{number} answered")
    return incoming.call


def with_the_operator(
    sip: SipStack, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> tuple[PhoneCall, PhoneCall, str]:
    """A caller on the main number, talking with the operator: (caller, operator, offer)."""
    seen = len(hotel.events)
    caller = phones[CALLER].dial(TEST_MAIN)
    operator = answered(sip, OPERATOR)
    sip.wait_until(
        lambda: any(body.get("kind") == TAKEN for _, body in hotel.events[seen:]),
        10,
        "the call taken",
    )
    offer = next(str(body["offer"]) for _, body in hotel.events[seen:] if body.get("kind") == TAKEN)
    sip.pump(1)
    return caller, operator, offer


def test_a_busy_room_is_told_and_the_caller_is_back_with_the_operator(
    sip: SipStack, pbx: Pbx, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> None:
    caller, operator, offer = with_the_operator(sip, hotel, phones)
    transfer = hotel.app.submit(services(hotel).transfer(offer, ROOM))
    room = sip.wait_incoming(ROOM, 10)
    room.call.answer(486)
    sip.wait_until(transfer.done, 10, "the transfer's answer")
    assert transfer.result().status == "busy"
    assert transfer.result().scripts == (BUSY,)
    sip.pump(1)
    assert caller.state == operator.state == "CONFIRMED"
    assert [len(b["channels"]) for b in pbx.ari("/bridges")] == [2]
    operator.hangup()
    sip.wait_until(lambda: caller.disconnected, 10, "the caller hung up with the operator")


def test_an_unanswered_room_takes_a_message_and_lights_the_lamp(
    sip: SipStack,
    pbx: Pbx,
    hotel: HotelApp,
    phones: dict[str, RegisteredPhone],
    tmp_path: Path,
) -> None:
    inbox = pbx.runtime / "spool" / "voicemail" / "switchboard" / ROOM / "INBOX"
    before = len(list(inbox.glob("msg*.txt")))
    caller, operator, offer = with_the_operator(sip, hotel, phones)
    transfer = hotel.app.submit(services(hotel).transfer(offer, ROOM))
    ringing = sip.wait_incoming(ROOM, 10)
    sip.wait_until(transfer.done, 15, "the ring time to pass")
    assert transfer.result().status == "voicemail"
    assert transfer.result().scripts == (NO_ANSWER,)
    sip.wait_until(lambda: ringing.call.disconnected and operator.disconnected, 10, "ringing over")
    # app_voicemail's greeting and beep (about 12 s), then the message.
    caller.play_file(write_tone(tmp_path / "message.wav", 30))
    sip.pump(18)
    caller.hangup()
    phones[ROOM].wait_lamp(True)
    assert len(list(inbox.glob("msg*.txt"))) == before + 1


def test_a_guest_with_privacy_is_never_rung(
    sip: SipStack, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> None:
    caller, operator, offer = with_the_operator(sip, hotel, phones)
    result = hotel.app.call(services(hotel).transfer(offer, PRIVATE_ROOM))
    assert result.status == "refused"
    assert result.scripts[0] == NOT_REGISTERED
    assert "李娜" in result.scripts[1].zh
    sip.pump(1)
    assert sip.incoming_to(PRIVATE_ROOM) == []
    assert caller.state == operator.state == "CONFIRMED"
    caller.hangup()
    sip.wait_until(lambda: operator.disconnected, 10, "the operator hung up with the caller")
