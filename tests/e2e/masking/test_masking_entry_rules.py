"""Masked calling's entry rules over real SIP (issue 10, items 1, 2 and 6): `*` and wrong
IDs at the fictitious-number question, an over-long destination, and the destination's own
"not valid" prompts."""

from __future__ import annotations

from collections.abc import Callable

from app.systems.masking.demo import DEMO_SHOPPER_ONE, DEMO_SHOPPER_TWO
from app.systems.masking.dids import MASKING_ACCESS_NUMBER
from tests.harness.dialog import Caller
from tests.harness.pbx import Pbx

TWENTY_DIGITS = "12345678901234567890"


def test_star_and_wrong_ids_at_the_masking_id_question(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    # Item 1: `*` is an invalid ID, not a technical difficulty. Item 6: the third wrong ID
    # is read back too, before "too many attempts".
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_TWO)
    shopper.expect("masking-enter-id")
    shopper.press("*#")
    shopper.expect("masking-invalid-id")
    shopper.expect("masking-enter-id")
    shopper.press("7#")
    shopper.expect("masking-invalid-id")
    shopper.expect("masking-enter-id")
    shopper.press("9#")
    shopper.expect("too-many-attempts")
    shopper.wait_hangup(15)

    heard = shopper.prompts()
    assert "cs/technical-difficulty" not in heard
    assert heard.count("cs/masking-invalid-id") == 3
    assert heard[-4:] == [
        "cs/you-entered",
        "cs/num-9",
        "cs/masking-invalid-id",
        "cs/too-many-attempts",
    ]
    assert pbx.query("SELECT id FROM masked_call WHERE channel_id = ?", (shopper.channel_id,)) == []


def test_destination_entries_get_the_masking_lines_own_prompts(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    shopper.expect("masking-enter-destination")
    # Item 6: not the EVV line's "that ID is not valid".
    shopper.press("*#")
    shopper.expect("masking-destination-invalid")
    shopper.expect("masking-enter-destination")
    # Item 2 on this line: past the field's twenty digits is too long, whatever follows.
    shopper.press(TWENTY_DIGITS + "123#")
    shopper.expect("entry-too-long")
    shopper.expect("masking-enter-destination")
    shopper.hang_up()

    heard = shopper.prompts()
    assert "cs/evv-invalid-id" not in heard
    assert heard.count("cs/masking-enter-destination") == 3
    assert pbx.query("SELECT id FROM masked_call WHERE channel_id = ?", (shopper.channel_id,)) == []
