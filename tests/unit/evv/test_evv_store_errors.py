"""Database errors during an EVV call: the caller hears technical-difficulty, then a hangup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.systems.evv.flows.line import EvvLine
from tests.harness.evv_store import MemoryEvvStore
from tests.harness.fake_call import FakeCall
from tests.harness.store_faults import LOCKED, REFUSED, failing

NOON_UTC = datetime(2026, 11, 22, 17, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("method", "error", "script"),
    [
        ("find_caregiver", REFUSED, ["1", "1234"]),
        ("get_agency", LOCKED, ["1", "1234", "2", "1"]),
        ("find_client", LOCKED, ["1", "1234", "2", "1", "1001"]),
        ("record_call_in", LOCKED, ["1", "1234", "2", "1", "1001"]),
        ("record_call_out", REFUSED, ["1", "1234", "2", "2", "1001", "10", "1", "1", "01"]),
    ],
)
async def test_store_error_plays_technical_difficulty(
    method: str, error: BaseException, script: list[str]
) -> None:
    store = failing(MemoryEvvStore(), method, error)
    call = FakeCall(script)
    await EvvLine(store, lambda: NOON_UTC)(call)
    assert call.prompt_keys()[-1] == "technical-difficulty"
    assert call.hung_up
    assert not store.call_ins
