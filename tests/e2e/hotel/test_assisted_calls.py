"""Operator-assisted calls end to end over real SIP (issue 13 item 3): the console's
services create a voucher, ring the operator's phone, dial the far end through the trunk
presenting the hotel's main number, call the room back and bridge guest and far end while
the operator drops out; the voucher keeps the times, the duration and the charge, posted
to the folio once. A collect call posts nothing; a room without a guest gets no voucher."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from app.systems.hotel.dids import HOTEL_MAIN_NUMBER
from app.systems.hotel.rules.errors import NoGuest
from app.systems.hotel.vouchers import VoucherServices
from tests.harness.hotel_app import HotelApp
from tests.harness.hotel_phones import registered_hotel_phones, unregister
from tests.harness.pbx import Pbx
from tests.harness.phone import PhoneCall, RegisteredPhone, SipStack

ROOM = "102"  # John Smith
MOVING_OUT = "204"  # Hans Müller, checked out (and in again) by a test
OPERATOR = "2001"
LONDON = "00442071234567"


@pytest.fixture(scope="module")
def hotel(pbx: Pbx) -> Iterator[HotelApp]:
    app = HotelApp(pbx, {}).start()
    yield app
    app.stop()


@pytest.fixture(scope="module")
def phones(sip: SipStack, pbx: Pbx) -> Iterator[dict[str, RegisteredPhone]]:
    registered = registered_hotel_phones(sip, pbx, [ROOM, MOVING_OUT, OPERATOR])
    yield registered
    unregister(sip, registered.values())


def answer(sip: SipStack, number: str, timeout: float = 15) -> tuple[PhoneCall, str, str]:
    incoming = sip.wait_incoming(number, timeout)
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, f"{number} answered")
    return incoming.call, incoming.header("From"), incoming.header("P-Asserted-Identity")


def services(hotel: HotelApp) -> VoucherServices:
    assert hotel.vouchers is not None
    return hotel.vouchers


def assisted_call(
    sip: SipStack,
    pbx: Pbx,
    hotel: HotelApp,
    call_type: str,
    talk_seconds: float,
    room: str = ROOM,
    meanwhile: Callable[[], object] = lambda: None,
) -> int:
    vouchers = services(hotel)
    voucher = hotel.app.call(
        vouchers.create(room, LONDON, call_type, OPERATOR, "Mr Brown", "London", "44")
    )
    assert voucher.room_number == room
    placing = hotel.app.submit(vouchers.place(voucher.id))
    operator, _, _ = answer(sip, OPERATOR)
    far_end, from_header, pai = answer(sip, LONDON, timeout=20)
    # The far end sees the hotel's main number, and only that.
    assert f"sip:{HOTEL_MAIN_NUMBER}@" in from_header and HOTEL_MAIN_NUMBER in pai
    sip.wait_until(placing.done, 10, "the call to be placed")
    assert placing.result() == "placing"
    sip.pump(1)
    assert [len(b["channels"]) for b in pbx.ari("/bridges")] == [2]  # operator + far end

    calling_room = hotel.app.submit(vouchers.call_room_back(voucher.id))
    guest, _, _ = answer(sip, room)
    sip.wait_until(calling_room.done, 10, "the room to be connected")
    assert calling_room.result() == "answered"
    sip.wait_until(lambda: operator.disconnected, 10, "the operator to drop out")
    sip.pump(talk_seconds)
    meanwhile()
    sip.pump(1)
    assert [len(b["channels"]) for b in pbx.ari("/bridges")] == [2]  # guest + far end
    assert guest.state == far_end.state == "CONFIRMED"
    far_end.hangup()
    sip.wait_until(lambda: guest.disconnected, 10, "the guest to be hung up")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        row = pbx.query("SELECT status FROM hotel_voucher WHERE id = ?", (voucher.id,))
        if row and row[0]["status"] == "closed":
            break
        sip.pump(0.2)
    return voucher.id


def test_an_idd_call_is_placed_called_back_bridged_and_charged_once(
    sip: SipStack, pbx: Pbx, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> None:
    voucher_id = assisted_call(sip, pbx, hotel, "idd", 3)
    [voucher] = pbx.query("SELECT * FROM hotel_voucher WHERE id = ?", (voucher_id,))
    assert (voucher["status"], voucher["outcome"]) == ("closed", "completed")
    assert voucher["placed_at"] and voucher["connected_at"] and voucher["ended_at"]
    assert 2 <= voucher["seconds"] <= 10, voucher["seconds"]
    # UK: 7.00 a started minute (one), plus the 10.00 IDD surcharge.
    assert voucher["charge"] == 700 + 1000
    postings = pbx.query(
        "SELECT amount FROM hotel_folio_posting WHERE posting_key = ?", (f"voucher-{voucher_id}",)
    )
    assert [p["amount"] for p in postings] == [1700]
    # Closing again (the console's retry) changes nothing and posts nothing more.
    vouchers = services(hotel)
    again = hotel.app.call(vouchers.mark_outcome(voucher_id, "cancelled"))
    assert (again.outcome, again.charge) == ("completed", 1700)
    assert (
        len(
            pbx.query(
                "SELECT id FROM hotel_folio_posting WHERE posting_key = ?",
                (f"voucher-{voucher_id}",),
            )
        )
        == 1
    )


def test_a_collect_call_posts_nothing(
    sip: SipStack, pbx: Pbx, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> None:
    voucher_id = assisted_call(sip, pbx, hotel, "collect", 1)
    [voucher] = pbx.query("SELECT * FROM hotel_voucher WHERE id = ?", (voucher_id,))
    assert (voucher["status"], voucher["outcome"], voucher["charge"]) == ("closed", "completed", 0)
    assert voucher["seconds"] >= 1
    assert not pbx.query(
        "SELECT id FROM hotel_folio_posting WHERE posting_key = ?", (f"voucher-{voucher_id}",)
    )


def test_a_busy_far_end_closes_the_voucher_with_no_charge(
    sip: SipStack, pbx: Pbx, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> None:
    vouchers = services(hotel)
    voucher = hotel.app.call(vouchers.create(ROOM, "0081312345678", "idd", OPERATOR))
    placing = hotel.app.submit(vouchers.place(voucher.id))
    operator, _, _ = answer(sip, OPERATOR)
    far_end = sip.wait_incoming("0081312345678", 20)
    far_end.call.answer(486)
    sip.wait_until(lambda: operator.disconnected, 15, "the operator to be hung up")
    sip.wait_until(placing.done, 5, "the place request")
    closed = hotel.app.call(vouchers.voucher(voucher.id))
    assert (closed.status, closed.outcome, closed.charge) == ("closed", "busy", 0)


def test_a_room_without_a_guest_gets_no_voucher(hotel: HotelApp, pbx: Pbx) -> None:
    before = len(pbx.query("SELECT id FROM hotel_voucher"))
    with pytest.raises(NoGuest):
        hotel.app.call(services(hotel).create("106", LONDON, "idd", OPERATOR))
    assert len(pbx.query("SELECT id FROM hotel_voucher")) == before


def test_a_guest_checked_out_mid_call_is_still_charged_on_their_stay(
    sip: SipStack, pbx: Pbx, hotel: HotelApp, phones: dict[str, RegisteredPhone]
) -> None:
    [stay] = pbx.query(
        "SELECT g.id FROM hotel_guest g JOIN hotel_room r ON r.id = g.room_id "
        "WHERE r.number = ? AND g.checked_out_at IS NULL",
        (MOVING_OUT,),
    )
    try:
        voucher_id = assisted_call(
            sip,
            pbx,
            hotel,
            "idd",
            1,
            MOVING_OUT,
            lambda: pbx.admin("hotel", "checkout", MOVING_OUT),
        )
        [left] = pbx.query("SELECT checked_out_at FROM hotel_guest WHERE id = ?", (stay["id"],))
        assert left["checked_out_at"], "the guest left while the call was up"
        [voucher] = pbx.query("SELECT * FROM hotel_voucher WHERE id = ?", (voucher_id,))
        assert (voucher["outcome"], voucher["charge"]) == ("completed", 1700)
        postings = pbx.query(
            "SELECT guest_id FROM hotel_folio_posting WHERE posting_key = ?",
            (f"voucher-{voucher_id}",),
        )
        assert [p["guest_id"] for p in postings] == [stay["id"]]
    finally:
        pbx.admin(
            "hotel",
            "checkin",
            MOVING_OUT,
            "Hans Müller",
            "--latin",
            "Hans Mueller",
            "--language",
            "en",
        )
