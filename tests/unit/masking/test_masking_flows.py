"""The masked-calling flows over a scripted fake call (seed 001)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.calls.dialing import DialStatus
from app.calls.languages import LineLanguages
from app.calls.speech import say_phone_number
from app.systems.masking.flows.lines import MaskingLines
from app.systems.masking.flows.placing import MaskingConfig
from app.systems.masking.rules import Limits
from tests.harness.fake_call import HANGUP
from tests.harness.masking_store import CONFIG, NOW, MemoryMaskingStore, masked_call


def lines(store: MemoryMaskingStore, config: MaskingConfig = CONFIG) -> MaskingLines:
    woken: list[int] = []
    line = MaskingLines(store, config, lambda: NOW, lambda: woken.append(1))
    line.woken = woken  # type: ignore[attr-defined]
    return line


@pytest.fixture
def store() -> MemoryMaskingStore:
    store = MemoryMaskingStore()
    store.add(1, "602111222", "234234301")
    store.add(2, "603333444", "234234302", "234234303")
    return store


async def test_unknown_caller_is_refused_politely(store: MemoryMaskingStore) -> None:
    call = masked_call([], caller="777000111")
    await lines(store).access(call)
    assert call.prompt_keys() == ["masking-not-registered"]
    assert call.dials == [] and store.calls == {}


async def test_one_pairing_asks_for_the_destination_and_presents_that_number(
    store: MemoryMaskingStore,
) -> None:
    call = masked_call(["221234567"], caller="602111222")
    await lines(store).access(call)
    assert call.prompt_keys()[:2] == ["masking-enter-destination", "masking-connecting"]
    assert call.dials == [("221234567", "234234301", 20)]
    assert call.connected == ["masked-1-20261122093000"]
    assert store.calls[1]["outcome"] == "answered"
    assert store.calls[1]["recording"] == ("/rec/masked-1-20261122093000.wav", 12.5)


async def test_several_pairings_zero_lists_and_two_selects(store: MemoryMaskingStore) -> None:
    call = masked_call(["0", "2", "221234567"], caller="603333444")
    await lines(store).access(call)
    keys = call.prompt_keys()
    listing = keys[keys.index("masking-enter-id") + 1 : keys.index("masking-enter-id", 1)]
    # Czech (the shopper's language): "ID jedna, číslo dvě stě třicet čtyři, …" in threes.
    assert listing == [
        "masking-id",
        "num-1",
        "masking-number-is",
        *say_phone_number("234234302", "cs"),
        "masking-id",
        "num-2",
        "masking-number-is",
        *say_phone_number("234234303", "cs"),
    ]
    assert listing.count("pause") == 4
    assert call.language == "cs"
    assert call.dials[0][1] == "234234303"


async def test_a_shopper_who_prefers_english_hears_english(store: MemoryMaskingStore) -> None:
    store.add(3, "604555666", "234234304", language="en")
    call = masked_call(["221234567"], caller="604555666")
    await lines(store).access(call)
    assert call.language == "en"
    assert call.prompt_keys()[0] == "masking-enter-destination"


async def test_a_language_the_line_no_longer_offers_falls_back_to_its_default(
    store: MemoryMaskingStore,
) -> None:
    store.add(3, "604555666", "234234304", language="ru")
    call = masked_call(["221234567"], caller="604555666")
    await lines(store).access(call)
    assert call.language == "cs"


async def test_callers_hear_the_line_default_until_known(store: MemoryMaskingStore) -> None:
    config = MaskingConfig(callback_number="234234390", languages=LineLanguages(("en", "cs")))
    call = masked_call([], caller="777000111")
    await lines(store, config).access(call)
    assert call.language == "en" and call.prompt_keys() == ["masking-not-registered"]


async def test_unknown_id_is_read_back(store: MemoryMaskingStore) -> None:
    call = masked_call(["7", "1", "221234567"], caller="603333444")
    await lines(store).access(call)
    assert "masking-invalid-id" in call.prompt_keys()
    assert call.dials[0][1] == "234234302"


@pytest.mark.parametrize(
    ("entry", "prompt"),
    [("906123456", "masking-premium-refused"), ("112", "masking-emergency-refused")],
)
async def test_refused_destinations_are_explained_and_asked_again(
    store: MemoryMaskingStore, entry: str, prompt: str
) -> None:
    call = masked_call([entry, "221234567"], caller="602111222")
    await lines(store).access(call)
    keys = call.prompt_keys()
    assert keys[:3] == ["masking-enter-destination", prompt, "masking-enter-destination"]
    assert [d[0] for d in call.dials] == ["221234567"]


@pytest.mark.parametrize(
    ("status", "prompt", "outcome"),
    [
        (DialStatus.BUSY, "masking-busy", "busy"),
        (DialStatus.NO_ANSWER, "masking-no-answer", "no-answer"),
        (DialStatus.FAILED, "masking-call-failed", "failed"),
    ],
)
async def test_unanswered_outcomes_are_spoken_and_stored(
    store: MemoryMaskingStore, status: DialStatus, prompt: str, outcome: str
) -> None:
    call = masked_call(["221234567"], caller="602111222", outcomes=[status])
    await lines(store).access(call)
    assert call.prompt_keys()[-1] == prompt
    assert store.outcomes() == [outcome]


async def test_a_number_outside_the_pool_is_never_presented(store: MemoryMaskingStore) -> None:
    store.owned.discard("234234301")  # paired, but no longer owned
    call = masked_call(["221234567"], caller="602111222")
    await lines(store).access(call)
    assert call.dials == []
    assert call.prompt_keys()[-1] == "masking-call-failed"


async def test_limits_refuse_before_anything_is_dialed(store: MemoryMaskingStore) -> None:
    store.recent_calls = 5
    config = MaskingConfig(callback_number="234234390", limits=Limits(max_calls_per_window=5))
    call = masked_call([], caller="602111222")
    await lines(store, config).access(call)
    assert call.prompt_keys() == ["masking-rate-limited"]
    line = lines(store)
    line.active_calls[1] = 1
    store.recent_calls = 0
    call = masked_call([], caller="602111222")
    await line.access(call)
    assert call.prompt_keys() == ["masking-too-many-calls"]


async def test_unanswered_callback_stores_a_pending_callback_and_an_sms(
    store: MemoryMaskingStore,
) -> None:
    line = lines(store)
    call = masked_call([], caller="221555001", dialed="234234301", outcomes=[DialStatus.NO_ANSWER])
    await line.inbound(call)
    assert call.rang and call.dials == [("602111222", "234234390", 15)]
    assert call.prompt_keys() == ["masking-unavailable"]
    [callback] = store.callbacks
    assert (callback.order_number, callback.caller_number) == (1, "221555001")
    assert callback.expires_at == NOW + timedelta(hours=72)
    [(to, text)] = store.sms
    assert to == "602111222" and "221555001" in text and "10:30" in text  # Prague time
    assert text.startswith("Máte nevyřízený hovor z čísla 221555001")  # the shopper's Czech
    assert "pořadové číslo 1" in text and "234234390" in text
    assert line.woken == [1]  # type: ignore[attr-defined]
    assert store.outcomes() == ["no-answer"]


async def test_answered_callback_is_bridged(store: MemoryMaskingStore) -> None:
    call = masked_call([], caller="221555001", dialed="234234302")
    await lines(store).inbound(call)
    assert call.dials == [("603333444", "234234390", 15)]
    assert call.answered and call.connected == ["masked-1-20261122093000"]
    assert store.callbacks == []


async def test_caller_hanging_up_while_ringing_is_still_a_missed_call(
    store: MemoryMaskingStore,
) -> None:
    call = masked_call(
        [], caller="221555001", dialed="234234301", outcomes=[DialStatus.CALLER_GONE]
    )
    await lines(store).inbound(call)
    assert call.played == [] and len(store.callbacks) == 1
    assert store.outcomes() == ["abandoned"]


async def test_unpaired_pool_number_is_not_in_service(store: MemoryMaskingStore) -> None:
    store.owned.add("234234304")
    call = masked_call([], caller="221555001", dialed="234234304")
    await lines(store).inbound(call)
    assert call.prompt_keys() == ["number-not-in-service"] and call.dials == []


async def test_callback_number_with_nothing_pending(store: MemoryMaskingStore) -> None:
    call = masked_call([], caller="602111222", dialed="234234390")
    await lines(store).callback(call)
    assert call.prompt_keys() == ["masking-no-pending"]


async def test_one_pending_callback_connects_at_once(store: MemoryMaskingStore) -> None:
    line = lines(store)
    missed = masked_call([], "221555001", "234234301", outcomes=[DialStatus.NO_ANSWER])
    await line.inbound(missed)
    call = masked_call([], caller="602111222", dialed="234234390")
    await line.callback(call)
    assert call.prompt_keys()[0] == "masking-pending-one"
    assert call.dials == [("221555001", "234234301", 20)]
    assert store.returned == {1}
    assert store.calls[2]["start"].pending_callback_id == 1  # type: ignore[union-attr]


async def test_several_pending_callbacks_ask_for_the_order_number(
    store: MemoryMaskingStore,
) -> None:
    line = lines(store)
    for caller, number in (("221555001", "234234302"), ("221555002", "234234303")):
        await line.inbound(masked_call([], caller, number, outcomes=[DialStatus.NO_ANSWER]))
    call = masked_call(["5", "2"], caller="603333444", dialed="234234390")
    await line.callback(call)
    keys = call.prompt_keys()
    assert keys[:3] == ["masking-pending-count", "num-2", "masking-enter-order"]
    assert "masking-invalid-order" in keys
    assert call.dials == [("221555002", "234234303", 20)]


async def test_a_callback_whose_number_was_unpaired_cannot_be_returned(
    store: MemoryMaskingStore,
) -> None:
    line = lines(store)
    await line.inbound(masked_call([], "221555001", "234234301", [DialStatus.NO_ANSWER]))
    store.pairs[1] = []
    call = masked_call([], caller="602111222", dialed="234234390")
    await line.callback(call)
    # Czech, the shopper's language: the caller's number in threes before the refusal.
    assert call.prompt_keys() == [
        "masking-pending-one",
        "masking-caller-is",
        *say_phone_number("221555001", "cs"),
        "masking-callback-unavailable",
    ]
    assert call.language == "cs"
    assert call.dials == []


async def test_hanging_up_at_the_destination_question_writes_nothing(
    store: MemoryMaskingStore,
) -> None:
    call = masked_call([HANGUP], caller="602111222")
    with pytest.raises(Exception, match="fake"):
        await lines(store).access(call)
    assert store.calls == {}


async def test_the_adapter_refusing_the_caller_id_ends_the_call_politely(
    store: MemoryMaskingStore,
) -> None:
    # The flow's own check passed, but the pool changed before the dial.
    call = masked_call(["221234567"], caller="602111222", owned=set())
    await lines(store).access(call)
    assert call.dials == []
    assert call.prompt_keys()[-1] == "masking-call-failed"
    assert store.outcomes() == ["refused"]


async def test_a_second_call_while_the_first_is_placed_is_refused(
    store: MemoryMaskingStore,
) -> None:
    import asyncio

    line = lines(store)
    first = masked_call(["221234567"], caller="602111222")
    second = masked_call(["221234568"], caller="602111222")
    await asyncio.gather(line.access(first), line.access(second))
    assert len(first.dials) + len(second.dials) == 1
    refused = second if not second.dials else first
    assert refused.prompt_keys()[-1] == "masking-too-many-calls"
    assert line.active_calls == {}


@pytest.mark.parametrize("entry", ["*", "1*", "*2*"])
async def test_a_star_at_the_id_question_is_an_invalid_id_not_a_failure(
    store: MemoryMaskingStore, entry: str
) -> None:
    call = masked_call([entry, "1", "221234567"], caller="603333444")
    await lines(store).access(call)
    keys = call.prompt_keys()
    assert keys[:3] == ["masking-enter-id", "masking-invalid-id", "masking-enter-id"]
    assert call.dials[0][1] == "234234302"


async def test_an_over_long_id_is_too_long_not_read_back(store: MemoryMaskingStore) -> None:
    call = masked_call(["123456789", "1", "221234567"], caller="603333444")
    await lines(store).access(call)
    assert call.prompt_keys()[:3] == ["masking-enter-id", "entry-too-long", "masking-enter-id"]
    assert call.dials[0][1] == "234234302"


async def test_the_third_wrong_id_is_read_back_before_too_many_attempts(
    store: MemoryMaskingStore,
) -> None:
    call = masked_call(["7", "8", "9"], caller="603333444")
    await lines(store).access(call)
    keys = call.prompt_keys()
    assert keys.count("masking-invalid-id") == 3
    assert keys[-4:] == ["you-entered", "num-9", "masking-invalid-id", "too-many-attempts"]
    assert call.dials == []


@pytest.mark.parametrize("entry", ["*", "*#", "12*3"])
async def test_a_star_in_the_destination_is_an_invalid_number(
    store: MemoryMaskingStore, entry: str
) -> None:
    call = masked_call([entry, "221234567"], caller="602111222")
    await lines(store).access(call)
    keys = call.prompt_keys()
    assert keys[:3] == [
        "masking-enter-destination",
        "masking-destination-invalid",
        "masking-enter-destination",
    ]
    assert "evv-invalid-id" not in keys


async def test_a_star_at_the_order_number_is_an_invalid_order(
    store: MemoryMaskingStore,
) -> None:
    for n in (1, 2):
        await lines(store).inbound(
            masked_call(
                [], caller=f"22111000{n}", dialed="234234301", outcomes=[DialStatus.NO_ANSWER]
            )
        )
    call = masked_call(["*", "1"], caller="602111222")
    await lines(store).callback(call)
    keys = call.prompt_keys()
    assert "masking-invalid-order" in keys and "evv-invalid-id" not in keys
    assert keys.index("masking-invalid-order") < keys.index("masking-connecting")


async def test_the_sms_follows_the_shoppers_language(store: MemoryMaskingStore) -> None:
    store.add(3, "604555666", "234234304", language="en")
    call = masked_call([], caller="221555001", dialed="234234304", outcomes=[DialStatus.BUSY])
    await lines(store).inbound(call)
    [(to, text)] = store.sms
    assert to == "604555666" and text.startswith("Missed call from 221555001")
    assert call.language == "cs"  # the caller, a Czech dealer, hears the line's default
