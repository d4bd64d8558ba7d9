"""Seed 002's operator-assisted call, by phone and console together, against `switchboard
run`: room 102 dials 0 and the operator's page shows who is calling; the operator (the demo
account, at phone 2001) writes the telephone voucher, presses *place call* (her phone rings,
then the far end, which sees only the hotel's number), then *call room back* (the room
rings; guest and far end talk, the operator drops out). The far end hangs up and the
voucher page shows the call closed with its charge, posted to the folio once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.systems.hotel.dids import HOTEL_MAIN_NUMBER
from tests.harness.browser import sign_in
from tests.harness.hotel_phones import answered, registered_hotel_phones, unregister
from tests.harness.pbx import Pbx
from tests.harness.phone import RegisteredPhone, SipStack

ROOM = "102"  # John Smith, English, international class of service
OPERATOR = "2001"  # the demo operator account's phone
NEW_YORK = "0012125550123"


@pytest.fixture(scope="module")
def phones(sip: SipStack, pbx: Pbx) -> Iterator[dict[str, RegisteredPhone]]:
    registered = registered_hotel_phones(sip, pbx, [ROOM, OPERATOR])
    yield registered
    unregister(sip, registered.values())


def test_the_operator_places_an_assisted_call_from_the_console_and_calls_the_room_back(
    page: Page, pbx: Pbx, sip: SipStack, phones: dict[str, RegisteredPhone]
) -> None:
    sign_in(page, pbx.console_url, "operator", pbx.secrets["console_operator_password"])
    page.goto(f"{pbx.console_url}/hotel/")
    expect(page.locator("#live-status")).to_have_text("live")

    # The guest asks the operator for the call: the page pops the room and the guest.
    asking = phones[ROOM].dial("0")
    operator_call = answered(sip, OPERATOR, 20).call
    expect(page.locator("#calls")).to_contain_text("Room 102 John Smith (English)")
    expect(page.locator("#calls")).to_contain_text("taken by 2001")
    sip.pump(1)
    asking.hangup()  # the guest hangs up and waits to be called back
    sip.wait_until(lambda: operator_call.disconnected, 10, "the operator's phone released")

    # The voucher: room and caller prefilled from the guest.
    page.goto(f"{pbx.console_url}/hotel/vouchers/new?room={ROOM}")
    expect(page.locator("#caller_name")).to_have_value("John Smith")
    page.fill("#city_name", "New York")
    page.fill("#city_code", "1212")
    page.fill("#recipient_name", "Ann Lee")
    page.fill("#destination", NEW_YORK)
    page.check("#type-idd")
    with page.expect_navigation():
        page.click("#save-voucher")
    voucher_id = int(page.url.rsplit("/", 1)[-1])

    # Place call: the operator's phone rings first, then the far end sees the hotel.
    page.click("#place-call", no_wait_after=True)
    operator_leg = answered(sip, OPERATOR, 20).call
    far = answered(sip, NEW_YORK, 20)
    far_end = far.call
    assert f"sip:{HOTEL_MAIN_NUMBER}@" in far.header("From")
    page.wait_for_url(f"**/hotel/vouchers/{voucher_id}?result=placing")
    expect(page.locator("#call-result")).to_contain_text("the call is being placed")

    # Call room back: the guest answers, the operator drops out, guest and far end talk.
    page.click("#call-room-back", no_wait_after=True)
    guest = answered(sip, ROOM, 20).call
    page.wait_for_url(f"**/hotel/vouchers/{voucher_id}?result=answered")
    expect(page.locator("#call-result")).to_contain_text("you are off the line")
    sip.wait_until(lambda: operator_leg.disconnected, 10, "the operator to drop out")
    sip.pump(2)
    assert guest.state == far_end.state == "CONFIRMED"
    far_end.hangup()
    sip.wait_until(lambda: guest.disconnected, 10, "the guest to be hung up")

    # The voucher closes itself from the bridged time; the charge reaches the folio once.
    for _ in range(20):
        page.goto(f"{pbx.console_url}/hotel/vouchers/{voucher_id}")
        if "closed" in (page.locator("#status").text_content() or ""):
            break
        sip.pump(0.5)
    expect(page.locator("#status")).to_contain_text("closed (completed)")
    expect(page.locator("#place-call")).to_have_count(0)
    [voucher] = pbx.query("SELECT * FROM hotel_voucher WHERE id = ?", (voucher_id,))
    assert voucher["operator_extension"] == OPERATOR and voucher["seconds"] >= 1
    postings = pbx.query(
        "SELECT amount FROM hotel_folio_posting WHERE posting_key = ?", (f"voucher-{voucher_id}",)
    )
    assert [p["amount"] for p in postings] == [voucher["charge"]]
    assert voucher["charge"] > 0
    expect(page.locator("#charge")).not_to_have_text("")
