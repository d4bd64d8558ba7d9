"""Seed 002's transfer procedure, by phone and console together, against `switchboard run`:
an outside caller to the hotel's main number reaches the operator (the demo account, at
phone 2001); she finds the guest on the console by part of the name and puts the caller
through. The guest answers and talks with the caller, the operator is off the line. A
guest with privacy is never rung: the console shows what to say instead."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from app.systems.hotel.dids import HOTEL_MAIN_NUMBER
from tests.harness.browser import sign_in
from tests.harness.dialog import Caller
from tests.harness.hotel_phones import answered, registered_hotel_phones, unregister
from tests.harness.pbx import Pbx
from tests.harness.phone import PhoneCall, RegisteredPhone, SipStack

GUEST_ROOM = "102"  # John Smith
PRIVATE_ROOM = "103"  # 李娜, privacy
OPERATOR = "2001"


@pytest.fixture(scope="module")
def phones(sip: SipStack, pbx: Pbx) -> Iterator[dict[str, RegisteredPhone]]:
    registered = registered_hotel_phones(sip, pbx, [GUEST_ROOM, PRIVATE_ROOM, OPERATOR])
    yield registered
    unregister(sip, registered.values())


def on_the_line_with_the_operator(
    page: Page, pbx: Pbx, sip: SipStack, dial: Callable[..., Caller], number: str
) -> tuple[Caller, PhoneCall]:
    sign_in(page, pbx.console_url, "operator", pbx.secrets["console_operator_password"])
    page.goto(f"{pbx.console_url}/hotel/")
    expect(page.locator("#live-status")).to_have_text("live")
    caller = dial(HOTEL_MAIN_NUMBER, caller=number)
    operator = answered(sip, OPERATOR, 20).call
    expect(page.locator("#calls")).to_contain_text(f"Outside call from {number}: taken by")
    sip.pump(1)
    return caller, operator


def test_the_operator_finds_the_guest_by_part_of_the_name_and_puts_the_caller_through(
    page: Page, pbx: Pbx, sip: SipStack, dial: Callable[..., Caller],
    phones: dict[str, RegisteredPhone],
) -> None:  # fmt: skip
    caller, operator = on_the_line_with_the_operator(page, pbx, sip, dial, "13912340001")
    page.fill("#q", "smi")
    with page.expect_navigation():
        page.press("#q", "Enter")
    row = page.locator(f"#rooms tr[data-room='{GUEST_ROOM}']")
    expect(row.locator(".guest-name")).to_have_text("John Smith")
    row.locator(".put-through").click(no_wait_after=True)
    guest = answered(sip, GUEST_ROOM, 20).call
    expect(page.locator("#transfer-outcome")).to_have_attribute("data-status", "answered")
    expect(page.locator("#transfer-outcome")).to_contain_text("you are off the line")
    sip.wait_until(lambda: operator.disconnected, 10, "the operator to drop out")
    sip.pump(1)
    assert guest.state == "CONFIRMED"
    assert [len(b["channels"]) for b in pbx.ari("/bridges")] == [2]  # caller + guest
    caller.hang_up()
    sip.wait_until(lambda: guest.disconnected, 10, "the guest hung up with the caller")


def test_a_guest_with_privacy_is_never_rung_and_the_operator_is_told_what_to_say(
    page: Page, pbx: Pbx, sip: SipStack, dial: Callable[..., Caller],
    phones: dict[str, RegisteredPhone],
) -> None:  # fmt: skip
    caller, operator = on_the_line_with_the_operator(page, pbx, sip, dial, "13912340002")
    page.goto(f"{pbx.console_url}/hotel/?q={PRIVATE_ROOM}")
    with page.expect_navigation():
        page.locator(f"#rooms tr[data-room='{PRIVATE_ROOM}'] .put-through").click()
    expect(page.locator("#transfer-outcome")).to_have_attribute("data-status", "refused")
    expect(page.locator(".script").first).to_contain_text("no guest registered")
    sip.pump(2)
    assert not phones[PRIVATE_ROOM].incoming, "room 103 was rung"
    assert operator.state == "CONFIRMED"  # still talking with the caller
    caller.hang_up()
    sip.wait_until(lambda: operator.disconnected, 10, "the operator hung up with the caller")


def test_a_busy_room_is_told_and_the_caller_may_leave_a_message_in_its_voice_mail(
    page: Page, pbx: Pbx, sip: SipStack, dial: Callable[..., Caller],
    phones: dict[str, RegisteredPhone],
) -> None:  # fmt: skip
    caller, operator = on_the_line_with_the_operator(page, pbx, sip, dial, "13912340003")
    page.goto(f"{pbx.console_url}/hotel/?q={GUEST_ROOM}")
    page.locator(f"#rooms tr[data-room='{GUEST_ROOM}'] .put-through").click(no_wait_after=True)
    ringing = sip.wait_incoming(GUEST_ROOM, 20)
    ringing.call.answer(486)  # the guest is on another call
    expect(page.locator("#transfer-outcome")).to_have_attribute("data-status", "busy")
    expect(page.locator(".script").first).to_contain_text("busy")
    sip.pump(1)
    assert operator.state == "CONFIRMED"  # back with the caller to tell them
    rung = len(phones[GUEST_ROOM].incoming)
    page.click("#to-voicemail", no_wait_after=True)
    expect(page.locator("#transfer-outcome")).to_have_attribute("data-status", "voicemail")
    sip.wait_until(lambda: operator.disconnected, 10, "the operator off the line")
    sip.pump(2)
    assert len(phones[GUEST_ROOM].incoming) == rung, "the room was rung again"
    assert not caller.call.disconnected  # in the room's voice mail, leaving a message
    caller.hang_up()
