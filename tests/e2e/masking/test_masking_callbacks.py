"""Calls back to fictitious numbers and the callback number, over real SIP (seed 001).

Each test registers its own shopper and pool numbers with the admin CLI (which also puts
the new numbers into the running dialplan), so pending callbacks never leak between tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.systems.masking.demo import DEMO_SHOPPER_TWO
from app.systems.masking.dids import MASKING_CALLBACK_NUMBER
from tests.harness.dialog import Caller
from tests.harness.pbx import Pbx
from tests.harness.phone import Incoming, SipStack
from tests.harness.sms_gateway import SmsGatewayStub
from tests.harness.tones import tone_seconds, write_tone

DEALER_TONE, SHOPPER_TONE = 700.0, 1500.0
Setup = Callable[..., None]


@pytest.fixture
def new_shopper(pbx: Pbx) -> Setup:
    def setup(real_number: str, *numbers: str) -> None:
        pbx.admin("masking", "add-number", *numbers)
        pairs = [arg for number in numbers for arg in ("--pair", number)]
        pbx.admin("masking", "add-shopper", f"Shopper {real_number}", real_number, *pairs)

    return setup


def assert_presents(incoming: Incoming, number: str) -> None:
    assert f"sip:{number}@" in incoming.header("From"), incoming.header("From")
    assert f"sip:{number}@" in incoming.header("P-Asserted-Identity")


def miss_a_call(
    dial: Callable[..., Caller], sip: SipStack, fictitious: str, dealer: str, shopper: str
) -> None:
    """A dealer calls a fictitious number back; the shopper's phone rings and is not
    answered; the dealer hears the "not available" message."""
    caller = dial(fictitious, caller=dealer)
    ringing = sip.wait_incoming(shopper)
    assert_presents(ringing, MASKING_CALLBACK_NUMBER)
    caller.expect("masking-unavailable", timeout=15)
    caller.hang_up()
    sip.wait_until(lambda: ringing.call.disconnected, 10, "the shopper's phone to stop ringing")


def test_callback_rings_the_shopper_showing_the_callback_number(
    dial: Callable[..., Caller],
    sip: SipStack,
    pbx: Pbx,
    new_shopper: Setup,
    tmp_path: Path,
) -> None:
    new_shopper("604000001", "234234311")
    dealer = dial("234234311", caller="221555001")
    shopper = sip.wait_incoming("604000001")
    assert_presents(shopper, MASKING_CALLBACK_NUMBER)
    assert "221555001" not in shopper.headers
    sip.pump(0.5)
    assert dealer.call.state != "CONFIRMED", "the dealer is answered only when the shopper is"
    shopper.call.answer(200)
    sip.wait_until(lambda: dealer.call.state == "CONFIRMED", 10, "the dealer to be connected")
    dealer.call.play_file(write_tone(tmp_path / "dealer.wav", DEALER_TONE))
    shopper.call.play_file(write_tone(tmp_path / "shopper.wav", SHOPPER_TONE))
    sip.pump(2.5)
    dealer.hang_up()
    sip.wait_until(lambda: shopper.call.disconnected, 10, "the shopper to be hung up")
    row = pbx.wait_rows(
        "SELECT * FROM masked_call WHERE channel_id = ? AND ended_at IS NOT NULL",
        (dealer.channel_id,),
        1,
    )[0]
    assert (row["direction"], row["fictitious_number"], row["remote_number"], row["outcome"]) == (
        "inbound",
        "234234311",
        "221555001",
        "answered",
    )
    recording = Path(row["recording_path"])
    assert tone_seconds(recording, DEALER_TONE) > 1.0, "the dealer is missing"
    assert tone_seconds(recording, SHOPPER_TONE) > 1.0, "the shopper is missing"
    assert pbx.query("SELECT * FROM pending_callback WHERE caller_number = '221555001'") == []


def test_missed_callback_sends_one_sms_and_the_shopper_returns_it(
    dial: Callable[..., Caller],
    sip: SipStack,
    pbx: Pbx,
    sms_gateway: SmsGatewayStub,
    new_shopper: Setup,
) -> None:
    new_shopper("604000002", "234234312")
    miss_a_call(dial, sip, "234234312", dealer="221555002", shopper="604000002")

    [sms] = sms_gateway.wait_for("604000002", 1)
    # In Czech, the shopper's language (the admin CLI's default).
    assert "221555002" in sms["text"] and "pořadové číslo 1" in sms["text"]
    assert MASKING_CALLBACK_NUMBER in sms["text"]
    assert sms["headers"]["Authorization"] == "Bearer test-sms-token"
    assert sms["headers"]["Idempotency-Key"] == sms["id"]
    [pending] = pbx.query("SELECT * FROM pending_callback WHERE caller_number = '221555002'")
    assert (pending["order_number"], pending["fictitious_number"]) == (1, "234234312")
    assert pending["returned_at"] is None

    shopper = dial(MASKING_CALLBACK_NUMBER, caller="604000002")
    shopper.expect("masking-pending-one")
    dealer = sip.wait_incoming("221555002")
    assert_presents(dealer, "234234312")  # the dealer sees the number they called
    assert "604000002" not in dealer.headers
    dealer.call.answer(200)
    sip.pump(1.0)
    shopper.hang_up()
    row = pbx.wait_rows(
        "SELECT * FROM masked_call WHERE channel_id = ? AND ended_at IS NOT NULL",
        (shopper.channel_id,),
        1,
    )[0]
    assert (row["direction"], row["outcome"], row["pending_callback_id"]) == (
        "return",
        "answered",
        pending["id"],
    )
    returned = pbx.query("SELECT returned_at FROM pending_callback WHERE id = ?", (pending["id"],))
    assert returned[0]["returned_at"] is not None
    sip.pump(1.0)
    assert len(sms_gateway.messages_to("604000002")) == 1, "one SMS per missed call, never two"
    outbox = pbx.query("SELECT status, attempts FROM sms_outbox WHERE to_number = '604000002'")
    assert [tuple(r) for r in outbox] == [("sent", 1)]


def test_several_pending_callbacks_are_chosen_by_order_number(
    dial: Callable[..., Caller],
    sip: SipStack,
    sms_gateway: SmsGatewayStub,
    new_shopper: Setup,
) -> None:
    new_shopper("604000003", "234234313", "234234314")
    miss_a_call(dial, sip, "234234313", dealer="221555003", shopper="604000003")
    miss_a_call(dial, sip, "234234314", dealer="221555004", shopper="604000003")
    texts = [m["text"] for m in sms_gateway.wait_for("604000003", 2)]
    assert "221555004" in texts[1] and "pořadové číslo 2" in texts[1]

    shopper = dial(MASKING_CALLBACK_NUMBER, caller="604000003")
    shopper.expect("masking-pending-count")
    shopper.expect("masking-enter-order")
    shopper.press("2#")
    dealer = sip.wait_incoming("221555004")
    assert_presents(dealer, "234234314")
    assert sip.incoming_to("221555003") == []
    dealer.call.answer(200)
    sip.pump(0.5)
    shopper.hang_up()
    heard = shopper.prompts()
    assert heard[heard.index("cs/masking-pending-count") + 1] == "cs/num-2"


def test_no_pending_callback_is_said_clearly(dial: Callable[..., Caller]) -> None:
    # The demo shopper with two numbers only ever calls out in these tests.
    shopper = dial(MASKING_CALLBACK_NUMBER, caller=DEMO_SHOPPER_TWO)
    shopper.expect("masking-no-pending")
    shopper.wait_hangup(15)
    assert shopper.prompts() == ["cs/masking-no-pending"]


def test_unpaired_pool_number_and_unknown_caller_get_nothing(
    dial: Callable[..., Caller], sip: SipStack
) -> None:
    # 234234304 is in the demo pool but paired with nobody.
    caller = dial("234234304", caller="221555005")
    caller.expect("number-not-in-service")
    caller.hang_up()
    stranger = dial(MASKING_CALLBACK_NUMBER, caller="777000222")
    stranger.expect("masking-not-registered")
    stranger.hang_up()
    assert sip.incoming == [], "nothing was dialed out"


def test_an_sms_the_gateway_refuses_is_retried_until_accepted(
    dial: Callable[..., Caller],
    sip: SipStack,
    pbx: Pbx,
    sms_gateway: SmsGatewayStub,
    new_shopper: Setup,
) -> None:
    new_shopper("604000005", "234234316")
    before = sms_gateway.attempts_so_far()
    sms_gateway.fail_next(2)
    miss_a_call(dial, sip, "234234316", dealer="221555006", shopper="604000005")
    [sms] = sms_gateway.wait_for("604000005", 1, timeout=20)
    assert "221555006" in sms["text"]
    assert sms_gateway.attempts_so_far() - before == 3  # 503, 503, then accepted
    outbox = pbx.wait_rows(
        "SELECT status, attempts, last_error FROM sms_outbox "
        "WHERE to_number = '604000005' AND status = 'sent'",
        (),
        1,
    )
    assert [tuple(r) for r in outbox] == [("sent", 3, None)]
