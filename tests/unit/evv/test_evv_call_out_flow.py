"""The EVV call-out over a scripted fake call (seed 000, steps 10-24)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from app.calls.call import CallEnded, PromptLike
from app.calls.speech import say_count, say_number
from app.systems.evv.flows.line import EvvLine
from app.systems.evv.rules.reference import CallIn
from tests.harness.evv_store import MemoryEvvStore
from tests.harness.fake_call import HANGUP, FakeCall

OUT_AT = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)  # 14:00 in New York
IN_AT = OUT_AT - timedelta(minutes=95)

START = ["1", "1234", "2", "2"]  # English, caregiver, not a group, call out


def with_call_in(store: MemoryEvvStore, client_id: int = 1001) -> MemoryEvvStore:
    store.call_ins.append(CallIn(1, 7, client_id, IN_AT, "5550001001", True, False, "c0"))
    return store


async def run(store: MemoryEvvStore, entries: list[object]) -> FakeCall:
    call = FakeCall(entries)
    with contextlib.suppress(CallEnded):
        await EvvLine(store, lambda: OUT_AT)(call)
    return call


async def test_full_call_out_with_voice_and_verification() -> None:
    store = with_call_in(MemoryEvvStore())
    call = await run(
        store,
        [*START, "1001", "10", "1", "2", "01", "03", "1", "1", "1", HANGUP],
    )
    [out] = store.call_outs
    assert (out.client_id, out.service_id, out.task_ids) == (1001, 10, (1, 3))
    assert out.ended_at == OUT_AT and out.location_matched
    assert store.voices == {101: "/tmp/evv-visit-101.wav"}
    assert store.verdicts[101] == {"times": "confirmed", "service": "confirmed"}
    keys = call.prompt_keys()
    order = [
        "evv-received",
        "evv-first-client",
        "evv-enter-service",
        "evv-accept-or-retry",
        "evv-enter-task-count",
        "evv-enter-task",
        "evv-record-or-skip",
        "evv-client-say-name",
        "evv-call-in-at",
        "evv-call-out-at",
        "evv-total-duration",
        "evv-confirm-reject-replay",
        "evv-service-provided",
        "evv-confirm-or-reject",
        "evv-next-client",
    ]
    positions = [keys.index(key) for key in order]
    assert positions == sorted(positions), keys
    spoken = say_count(95, "minute", "en")
    start = keys.index("evv-total-duration") + 1
    assert keys[start : start + len(spoken)] == spoken


async def test_service_retry_then_accept() -> None:
    store = MemoryEvvStore()
    await run(store, [*START, "1001", "20", "2", "10", "1", "1", "02", "2", HANGUP])
    assert store.call_outs[0].service_id == 10


async def test_double_zero_starts_task_entry_over() -> None:
    store = MemoryEvvStore()
    call = await run(
        store, [*START, "1001", "10", "1", "3", "01", "00", "2", "02", "03", "2", HANGUP]
    )
    assert store.call_outs[0].task_ids == (2, 3)
    assert "evv-starting-over" in call.prompt_keys()


async def test_double_zero_is_refused_in_a_single_task_visit() -> None:
    store = MemoryEvvStore()
    call = await run(store, [*START, "1001", "10", "1", "1", "00", "01", "2", HANGUP])
    assert store.call_outs[0].task_ids == (1,)
    keys = call.prompt_keys()
    assert "evv-starting-over" not in keys
    assert "evv-invalid-id" in keys


async def test_client_cannot_take_part_skips_verification() -> None:
    store = with_call_in(MemoryEvvStore())
    call = await run(store, [*START, "1001", "10", "1", "1", "01", "2", HANGUP])
    assert store.verdicts[101] == {"client": "declined"}
    assert "evv-client-say-name" not in call.prompt_keys()
    assert "evv-next-client" in call.prompt_keys()


async def test_times_prompt_is_skipped_without_a_call_in() -> None:
    store = MemoryEvvStore()
    call = await run(store, [*START, "1001", "10", "1", "1", "01", "1", "2", HANGUP])
    keys = call.prompt_keys()
    assert "evv-call-in-at" not in keys
    assert store.verdicts[101] == {"service": "rejected"}


async def test_replay_then_reject_times() -> None:
    store = with_call_in(MemoryEvvStore())
    call = await run(store, [*START, "1001", "10", "1", "1", "01", "1", "3", "2", "1", HANGUP])
    assert call.prompt_keys().count("evv-call-in-at") == 2
    assert store.verdicts[101] == {"times": "rejected", "service": "confirmed"}


async def test_task_count_zero_is_reprompted() -> None:
    store = MemoryEvvStore()
    call = await run(store, [*START, "1001", "10", "1", "0", "1", "01", "2", HANGUP])
    assert "evv-invalid-number" in call.prompt_keys()
    assert store.call_outs[0].task_ids == (1,)


@pytest.mark.parametrize("count", ["4", "21", "99"])
async def test_task_count_above_the_agencys_tasks_is_refused_naming_the_rule(count: str) -> None:
    # The demo store's agency has three tasks: a visit cannot list more.
    store = MemoryEvvStore()
    call = await run(store, [*START, "1001", "10", "1", count, "1", "01", "2", HANGUP])
    keys = call.prompt_keys()
    refusal = keys.index("evv-too-many-tasks")
    assert keys[refusal + 1 : refusal + 2] == say_number(3, "en")
    assert "evv-invalid-number" not in keys
    assert store.call_outs[0].task_ids == (1,)


async def test_task_count_longer_than_its_field_is_invalid_as_a_whole() -> None:
    # Twenty keys: never "12 tasks" with the rest as task IDs.
    store = MemoryEvvStore()
    call = await run(
        store, [*START, "1001", "10", "1", "12345678901234567890", "1", "01", "2", HANGUP]
    )
    keys = call.prompt_keys()
    assert keys.count("evv-enter-task-count") == 2
    assert "entry-too-long" in keys
    assert call.drained and call.drained[0].startswith("4567")  # the rest was drained
    assert store.call_outs[0].task_ids == (1,)


async def test_a_task_entered_twice_is_refused() -> None:
    store = MemoryEvvStore()
    call = await run(store, [*START, "1001", "10", "1", "2", "02", "02", "03", "2", HANGUP])
    keys = call.prompt_keys()
    assert "evv-task-already-entered" in keys
    assert store.call_outs[0].task_ids == (2, 3)


async def test_service_read_back_is_information_not_a_question() -> None:
    store = MemoryEvvStore()
    call = FakeCall([*START, "1001", "10", "1", "1", "01", "2", HANGUP])
    barged: list[list[str]] = []
    original = call.play

    async def play(prompts: Sequence[PromptLike], *, barge_in: bool = True) -> str | None:
        if not barge_in:
            barged.append([str(p) for p in prompts])
        return await original(prompts, barge_in=barge_in)

    call.play = play  # type: ignore[method-assign]
    with contextlib.suppress(CallEnded):
        await EvvLine(store, lambda: OUT_AT)(call)
    # the time announcement, then the service and task read-backs and the task count
    assert barged[0][-1] == "evv-received"
    assert [p[0] for p in barged].count("you-entered") == 3


async def test_agency_maximum_ends_call_out_with_goodbye() -> None:
    store = MemoryEvvStore().with_max_clients(1)
    call = await run(store, [*START, "1001", "10", "1", "1", "01", "2"])
    assert call.prompt_keys()[-1] == "goodbye-thanks"
    assert call.hung_up
