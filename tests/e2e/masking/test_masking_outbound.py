"""Masked outbound calling over real SIP (seed 001): shopper → access number → trunk.

The test SIP stack is both the shopper's phone (calling in through the carrier trunk) and
the carrier the PBX dials out to, so the callee's INVITE is inspected as it arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.calls.speech import say_phone_number
from app.systems.masking.demo import DEMO_SHOPPER_ONE, DEMO_SHOPPER_TWO
from app.systems.masking.dids import MASKING_ACCESS_NUMBER
from tests.harness.dialog import Caller, audio_level
from tests.harness.pbx import Pbx
from tests.harness.phone import SipStack
from tests.harness.tones import tone_seconds, write_tone

CALLS_SQL = "SELECT * FROM masked_call WHERE channel_id = ? ORDER BY id"
SHOPPER_TONE, CALLEE_TONE = 440.0, 1250.0


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tones")
    return {
        "shopper": write_tone(folder / "shopper.wav", SHOPPER_TONE),
        "callee": write_tone(folder / "callee.wav", CALLEE_TONE),
    }


def assert_presents(incoming_headers: str, from_header: str, pai: str, number: str) -> None:
    assert f"sip:{number}@" in from_header, from_header
    assert f"sip:{number}@" in pai, pai


def test_one_pairing_calls_out_as_the_fictitious_number_and_records_both_sides(
    dial: Callable[..., Caller], sip: SipStack, pbx: Pbx, tones: dict[str, Path]
) -> None:
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    shopper.expect("masking-enter-destination")
    shopper.press("221234567#")
    callee = sip.wait_incoming("221234567")
    # The callee sees the fictitious number, in From and in P-Asserted-Identity, and the
    # shopper's real number appears nowhere in the INVITE.
    assert_presents(
        callee.headers, callee.header("From"), callee.header("P-Asserted-Identity"), "234234301"
    )
    assert DEMO_SHOPPER_ONE not in callee.headers
    callee.call.answer(200)
    callee.call.play_file(tones["callee"])
    shopper.call.play_file(tones["shopper"])
    sip.pump(4.0)
    shopper.hang_up()
    sip.wait_until(lambda: callee.call.disconnected, 10, "the callee to be hung up")

    rows = pbx.wait_rows(CALLS_SQL + "", (shopper.channel_id,), 1)
    row = rows[0]
    assert (row["direction"], row["fictitious_number"], row["remote_number"]) == (
        "outbound",
        "234234301",
        "221234567",
    )
    assert row["answered_at"] is not None
    done = pbx.wait_rows(
        "SELECT * FROM masked_call WHERE id = ? AND ended_at IS NOT NULL", (row["id"],), 1
    )[0]
    assert done["outcome"] == "answered"
    recording = Path(done["recording_path"])
    assert recording.exists(), recording
    # Asterisk reports whole seconds; a loaded machine may take a moment to bridge.
    assert done["recording_seconds"] >= 2
    # Both parties are in the one file.
    assert tone_seconds(recording, SHOPPER_TONE) > 1.5, "the shopper is missing"
    assert tone_seconds(recording, CALLEE_TONE) > 1.5, "the callee is missing"
    # And each heard the other.
    assert tone_seconds(callee.call.recording, SHOPPER_TONE) > 1.0  # type: ignore[arg-type]
    assert tone_seconds(shopper.call.recording, CALLEE_TONE) > 1.0  # type: ignore[arg-type]
    assert shopper.digits_received() == "221234567#"
    copy = recording.with_name("fetched-by-admin.wav")
    pbx.admin("masking", "recording", str(row["id"]), "--output", str(copy))
    assert copy.read_bytes() == recording.read_bytes()


def test_several_pairings_list_with_0_and_select_with_2(
    dial: Callable[..., Caller], sip: SipStack, pbx: Pbx
) -> None:
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_TWO)
    shopper.expect("masking-enter-id")
    shopper.press("0#")
    shopper.expect("masking-id")
    shopper.expect("masking-number-is")
    shopper.expect("masking-id")
    shopper.expect("masking-number-is")
    heard = shopper.prompts()
    listing = heard[heard.index("cs/masking-id") :]
    # The demo shoppers are Czech: "ID jedna, číslo dvě stě třicet čtyři, dvě stě třicet
    # čtyři, tři sta dva, ID dva, číslo …" — barge in on the second.
    first = listing[: listing.index("cs/masking-id", 1)]
    number = [f"cs/{key}" for key in say_phone_number("234234302", "cs")]
    assert first == ["cs/masking-id", "cs/num-1", "cs/masking-number-is", *number]
    assert listing[len(first) : len(first) + 3] == [
        "cs/masking-id",
        "cs/num-2",
        "cs/masking-number-is",
    ]
    shopper.press("2#")
    shopper.expect("masking-enter-destination")
    shopper.press("221234568#")
    callee = sip.wait_incoming("221234568")
    assert_presents(
        callee.headers, callee.header("From"), callee.header("P-Asserted-Identity"), "234234303"
    )
    assert DEMO_SHOPPER_TWO not in callee.headers
    callee.call.answer(200)
    sip.pump(1.0)
    callee.call.hangup()  # the callee hangs up first: the shopper is hung up too
    shopper.wait_hangup(10)
    row = pbx.wait_rows(
        "SELECT * FROM masked_call WHERE channel_id = ? AND ended_at IS NOT NULL",
        (shopper.channel_id,),
        1,
    )[0]
    assert (row["fictitious_number"], row["outcome"]) == ("234234303", "answered")
    assert Path(row["recording_path"]).exists()


@pytest.mark.parametrize(
    ("destination", "response", "prompt", "outcome"),
    [
        ("221234569", 486, "masking-busy", "busy"),
        ("221234570", None, "masking-no-answer", "no-answer"),
    ],
)
def test_busy_and_unanswered_destinations_are_told_to_the_shopper(
    dial: Callable[..., Caller],
    sip: SipStack,
    pbx: Pbx,
    destination: str,
    response: int | None,
    prompt: str,
    outcome: str,
) -> None:
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    shopper.expect("masking-enter-destination")
    shopper.press(f"{destination}#")
    callee = sip.wait_incoming(destination)
    if response is not None:
        callee.call.answer(response)
    shopper.expect(prompt, timeout=15)
    shopper.wait_hangup(15)
    assert (
        callee.call.disconnected
        or sip.wait_until(lambda: callee.call.disconnected, 5, "the callee's call to end") is None
    )
    row = pbx.wait_rows(CALLS_SQL, (shopper.channel_id,), 1)[0]
    assert (row["outcome"], row["answered_at"], row["recording_path"]) == (outcome, None, None)
    if response is None:
        # While the destination rang, the (answered) shopper heard ringing: 440 + 480 Hz.
        heard = shopper.call.recording
        assert heard is not None and tone_seconds(heard, 440.0) > 1.0


def test_unpaired_caller_is_refused_politely(dial: Callable[..., Caller], pbx: Pbx) -> None:
    caller = dial(MASKING_ACCESS_NUMBER, caller="777000111")
    caller.expect("masking-not-registered")
    caller.wait_hangup(15)
    assert caller.prompts() == ["cs/masking-not-registered"]
    seconds, rms = audio_level(caller.call.recording)  # type: ignore[arg-type]
    assert seconds > 2 and rms > 100, f"the caller heard silence ({seconds:.1f}s, rms {rms:.0f})"
    assert pbx.query(CALLS_SQL, (caller.channel_id,)) == []


@pytest.mark.parametrize(
    ("destination", "prompt"),
    [("906123456", "masking-premium-refused"), ("112", "masking-emergency-refused")],
)
def test_premium_and_emergency_destinations_are_refused(
    dial: Callable[..., Caller], sip: SipStack, pbx: Pbx, destination: str, prompt: str
) -> None:
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    shopper.expect("masking-enter-destination")
    shopper.press(f"{destination}#")
    shopper.expect(prompt)
    shopper.expect("masking-enter-destination")  # asked again
    shopper.hang_up()
    sip.pump(0.5)
    assert sip.incoming_to(destination) == [], "a refused destination must never be dialed"
    assert pbx.query(CALLS_SQL, (shopper.channel_id,)) == []


def test_a_shopper_already_on_a_call_cannot_start_another(
    dial: Callable[..., Caller], sip: SipStack, pbx: Pbx
) -> None:
    first = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    first.expect("masking-enter-destination")
    first.press("221234571#")
    callee = sip.wait_incoming("221234571")
    callee.call.answer(200)
    sip.wait_until(lambda: callee.call.state == "CONFIRMED", 10, "the callee to be connected")
    second = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    second.expect("masking-too-many-calls")
    second.wait_hangup(15)
    assert second.prompts() == ["cs/masking-too-many-calls"]
    assert not first.call.disconnected, "the call in progress goes on"
    first.hang_up()
    assert pbx.query(CALLS_SQL, (second.channel_id,)) == []
