"""The EVV call-in flow over a scripted fake call: what is asked, what is written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

from app.calls.call import CallEnded
from app.systems.evv.flows.line import EvvLine
from app.systems.evv.rules.reference import CallIn
from tests.harness.evv_store import MemoryEvvStore
from tests.harness.fake_call import HANGUP, FakeCall

NOON_UTC = datetime(2026, 11, 22, 17, 5, tzinfo=UTC)  # 12:05 in New York


def line(store: MemoryEvvStore) -> EvvLine:
    return EvvLine(store, lambda: NOON_UTC)


async def test_call_in_for_two_clients_then_hang_up() -> None:
    store = MemoryEvvStore()
    call = FakeCall(["1", "1234", "2", "1", "1001", "1002", HANGUP])
    with pytest.raises(CallEnded):
        await line(store)(call)
    assert [c.client_id for c in store.call_ins] == [1001, 1002]
    assert {c.started_at for c in store.call_ins} == {NOON_UTC}
    assert [c.location_matched for c in store.call_ins] == [True, False]
    assert not any(c.group_visit for c in store.call_ins)
    keys = call.prompt_keys()
    assert keys[:6] == ["language-option"] * 6
    assert call.played[:6] == [
        f"{lang}/language-option" for lang in ("en", "es", "ru", "so", "zh", "ar")
    ]
    assert (
        keys.index("evv-received") < keys.index("evv-first-client") < keys.index("evv-next-client")
    )


async def test_language_choice_sets_every_later_prompt() -> None:
    call = FakeCall(["2", "1234", "1", "1", "1003", HANGUP])
    store = MemoryEvvStore()
    with pytest.raises(CallEnded):
        await line(store)(call)
    assert call.language == "es"
    assert all(p.startswith("es/") for p in call.played[6:])
    assert store.call_ins[0].group_visit is True


async def test_maximum_clients_says_goodbye_and_hangs_up() -> None:
    store = MemoryEvvStore().with_max_clients(2)
    call = FakeCall(["1", "1234", "2", "1", "1001", "1002"])
    await line(store)(call)
    assert len(store.call_ins) == 2
    assert call.prompt_keys()[-1] == "goodbye-thanks"
    assert call.hung_up


@pytest.mark.parametrize(
    ("entries", "heard"),
    [
        (["9999", "", "8888"], ["evv-invalid-id", "no-input", "evv-invalid-id"]),
        (["", "", ""], ["no-input", "no-input", "no-input"]),
    ],
)
async def test_three_bad_caregiver_entries_end_politely(
    entries: list[str], heard: list[str]
) -> None:
    store = MemoryEvvStore()
    call = FakeCall(["1", *entries])
    await line(store)(call)
    keys = call.prompt_keys()
    assert [k for k in keys if k in ("evv-invalid-id", "no-input")] == heard
    assert keys[-1] == "too-many-attempts"
    assert call.hung_up and store.call_ins == []


async def test_invalid_entry_is_read_back() -> None:
    call = FakeCall(["1", "42", HANGUP])
    with pytest.raises(CallEnded):
        await line(MemoryEvvStore())(call)
    keys = call.prompt_keys()
    start = keys.index("you-entered")
    assert keys[start + 1 : keys.index("evv-invalid-id")], "the digits are read back"


async def test_same_client_twice_is_refused() -> None:
    store = MemoryEvvStore()
    call = FakeCall(["1", "1234", "2", "1", "1001", "1001", "1002", HANGUP])
    with pytest.raises(CallEnded):
        await line(store)(call)
    assert [c.client_id for c in store.call_ins] == [1001, 1002]
    assert "evv-client-already-entered" in call.prompt_keys()


async def test_silence_after_some_clients_means_done() -> None:
    store = MemoryEvvStore()
    call = FakeCall(["1", "1234", "2", "1", "1001", "", "", ""])
    await line(store)(call)
    assert len(store.call_ins) == 1
    assert call.prompt_keys()[-1] == "goodbye-thanks"


@pytest.mark.parametrize("choice", ["7", "*", ""])
async def test_bad_language_choice_is_reprompted(choice: str) -> None:
    call = FakeCall([choice, "3", "1234", HANGUP])
    with pytest.raises(CallEnded):
        await line(MemoryEvvStore())(call)
    assert call.language == "ru"


async def test_over_long_caregiver_id_is_one_invalid_entry_not_two() -> None:
    # Twenty keys for a ten-digit field: one attempt, drained, "too long", asked again.
    store = MemoryEvvStore()
    call = FakeCall(["1", "12345678901234567890", "1234", "2", "1", "1001", HANGUP])
    with pytest.raises(CallEnded):
        await line(store)(call)
    keys = call.prompt_keys()
    assert keys.count("evv-welcome") == 2
    assert "entry-too-long" in keys and "you-entered" not in keys
    assert call.drained == ["234567890"]
    assert [c.client_id for c in store.call_ins] == [1001]


async def test_mashed_keys_at_the_group_question_answer_nothing() -> None:
    # "1212" at once: not "group: yes" and "call out"; the question is asked again.
    store = MemoryEvvStore()
    call = FakeCall(["1", "1234", "1212", "2", "1", "1001", HANGUP])
    with pytest.raises(CallEnded):
        await line(store)(call)
    keys = call.prompt_keys()
    assert keys.count("evv-group-question") == 2
    assert keys.index("entry-too-long") < keys.index("evv-in-or-out")
    assert store.call_ins[0].group_visit is False


async def test_language_menu_errors_play_in_every_offered_language() -> None:
    call = FakeCall(["", "9", "1", "1234", "2", "1", "1001", HANGUP])
    with pytest.raises(CallEnded):
        await line(MemoryEvvStore())(call)
    languages = ("en", "es", "ru", "so", "zh", "ar")
    assert [p for p in call.played if p.endswith("/no-input")] == [
        f"{lang}/no-input" for lang in languages
    ]
    assert [p for p in call.played if p.endswith("/evv-invalid-choice")] == [
        f"{lang}/evv-invalid-choice" for lang in languages
    ]


async def test_too_many_attempts_at_the_language_menu_in_every_language() -> None:
    call = FakeCall(["", "", ""])
    await line(MemoryEvvStore())(call)
    assert call.played[-6:] == [
        f"{lang}/too-many-attempts" for lang in ("en", "es", "ru", "so", "zh", "ar")
    ]


async def test_store_error_says_entries_are_saved_only_when_some_were() -> None:
    class FailsFrom(MemoryEvvStore):
        """Writes fail from the `ok`-th call-in on."""

        ok = 0

        async def record_call_in(self, call_in: CallIn) -> int:
            if len(self.call_ins) >= self.ok:
                raise OperationalError("insert", {}, Exception("database is locked"))
            return await super().record_call_in(call_in)

    after_one = FailsFrom()
    after_one.ok = 1
    first = FakeCall(["1", "1234", "2", "1", "1001", "1002"])
    await line(after_one)(first)
    assert first.prompt_keys()[-2:] == ["technical-difficulty", "evv-entries-saved"]

    nothing = FakeCall(["1", "1234", "2", "1", "1001"])
    await line(FailsFrom())(nothing)
    assert nothing.prompt_keys()[-1] == "technical-difficulty"
    assert "evv-entries-saved" not in nothing.prompt_keys()
