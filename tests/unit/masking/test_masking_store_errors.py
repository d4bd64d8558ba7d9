"""Database errors during a masked call: the caller hears technical-difficulty and is hung
up by the flow itself; nothing is dialed without its row, and nothing half-done is stored."""

from __future__ import annotations

import logging

import pytest

from app.calls.call import CallEnded
from app.calls.dialing import DialStatus
from app.systems.masking.flows.lines import MaskingLines
from app.systems.masking.flows.placing import MaskingConfig
from tests.harness.fake_call import FakeCall
from tests.harness.masking_store import CONFIG, NOW, MemoryMaskingStore, masked_call
from tests.harness.store_faults import LOCKED, REFUSED, failing


def masking_lines(store: MemoryMaskingStore, config: MaskingConfig = CONFIG) -> MaskingLines:
    return MaskingLines(store, config, lambda: NOW)


@pytest.fixture
def store() -> MemoryMaskingStore:
    store = MemoryMaskingStore()
    store.add(1, "602111222", "234234301")
    return store


def apologised(call: FakeCall) -> bool:
    return call.prompt_keys()[-1:] == ["technical-difficulty"] and call.hung_up


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("find_shopper", REFUSED),
        ("pairings", LOCKED),
        ("calls_since", LOCKED),
        ("pool", REFUSED),
        ("start_call", LOCKED),
    ],
)
async def test_outbound_store_error_before_dialing(
    store: MemoryMaskingStore, method: str, error: BaseException, caplog: pytest.LogCaptureFixture
) -> None:
    line = masking_lines(failing(store, method, error))
    call = masked_call(["221234567"], caller="602111222")
    await line.access(call)
    assert apologised(call), call.prompt_keys()
    assert call.dials == [] and store.calls == {}
    # The per-shopper concurrency count went back down: the shopper can call again.
    assert line.active_calls == {}
    assert "masking store unavailable" in caplog.text


async def test_outbound_store_error_when_the_callee_answers(store: MemoryMaskingStore) -> None:
    line = masking_lines(failing(store, "call_answered", LOCKED))
    call = masked_call(["221234567"], caller="602111222")
    await line.access(call)
    assert apologised(call)
    # Never bridged (so never recorded) without the row naming the recording.
    assert len(call.dials) == 1 and call.connected == []
    assert line.active_calls == {}


async def test_store_error_after_a_bridged_call_logs_what_was_not_stored(
    store: MemoryMaskingStore, caplog: pytest.LogCaptureFixture
) -> None:
    failing(store, "call_ended", REFUSED)
    call = masked_call(["221234567"], caller="602111222")
    with caplog.at_level(logging.ERROR), pytest.raises(CallEnded):
        # Both parties are gone once the bridge ends, so the apology meets a closed call.
        await masking_lines(store).access(call)
    assert store.calls[1]["answered"] == "masked-1-20261122093000"
    assert "masked call 1: ended" in caplog.text
    assert "/rec/masked-1-20261122093000.wav" in caplog.text
    assert "masking store unavailable" in caplog.text


async def test_outbound_store_error_after_a_busy_destination(store: MemoryMaskingStore) -> None:
    failing(store, "call_ended", LOCKED)
    call = masked_call(["221234567"], caller="602111222", outcomes=[DialStatus.BUSY])
    line = masking_lines(store)
    await line.access(call)
    assert apologised(call)
    assert line.active_calls == {}


@pytest.mark.parametrize(
    ("method", "dials"),
    [("owner_of", 0), ("start_call", 0), ("record_missed_call", 1)],
)
async def test_inbound_store_error(store: MemoryMaskingStore, method: str, dials: int) -> None:
    woken: list[int] = []
    failing(store, method, LOCKED)
    line = MaskingLines(store, CONFIG, lambda: NOW, lambda: woken.append(1))
    call = masked_call([], caller="221555001", dialed="234234301", outcomes=[DialStatus.NO_ANSWER])
    await line.inbound(call)
    assert call.answered and apologised(call), call.prompt_keys()
    # The shopper's phone is never rung for a call the database does not know of.
    assert len(call.dials) == dials
    # The pending callback and its SMS are one transaction: neither, and no wake-up.
    assert store.callbacks == [] and store.sms == [] and woken == []


@pytest.mark.parametrize("method", ["open_callbacks", "owner_of", "mark_returned"])
async def test_callback_store_error_leaves_the_pending_callback_open(
    store: MemoryMaskingStore, method: str
) -> None:
    line = masking_lines(store)
    missed = masked_call([], "221555001", "234234301", outcomes=[DialStatus.NO_ANSWER])
    await line.inbound(missed)
    failing(store, method, REFUSED)
    call = masked_call([], caller="602111222", dialed="234234390")
    await line.callback(call)
    assert apologised(call), call.prompt_keys()
    assert store.returned == set() and call.connected == []
    assert line.active_calls == {}


async def test_a_bug_is_not_taken_for_a_database_error(store: MemoryMaskingStore) -> None:
    # Only database errors are the flow's to apologise for; anything else is a bug that
    # must reach the router, which logs it as a failed flow.
    line = masking_lines(failing(store, "pairings", KeyError("bug")))
    with pytest.raises(KeyError):
        await line.access(masked_call([], caller="602111222"))
