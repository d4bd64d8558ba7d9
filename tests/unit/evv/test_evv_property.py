"""Property-based: random digits, silences, hang-ups and database failures at every step of
the EVV line (call in and call out) over the fake call.

Whatever the caller does, no exception but the caller's own hangup escapes the flow, every
call ends, and what the store holds is consistent: known caregivers and clients only, no
client twice on one call, never more than the agency's maximum, nothing written after a
database failure, verification only for visits the call closed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.calls.call import CallEnded
from app.systems.evv.flows.line import EvvLine
from tests.harness.evv_store import MemoryEvvStore
from tests.harness.fake_call import HANGUP, FakeCall
from tests.harness.store_faults import FailsFromCall

NOON_UTC = datetime(2026, 11, 22, 17, 5, tzinfo=UTC)
STORE_METHODS = (
    "find_caregiver",
    "get_agency",
    "find_client",
    "find_service",
    "find_task",
    "count_tasks",
    "record_call_in",
    "record_call_out",
    "record_client_voice",
    "record_verification",
)

# Entries a caller might plausibly key (so deep steps are reached), and random junk.
plausible = st.sampled_from(
    [
        "1",
        "2",
        "3",
        "1234",
        "1001",
        "1002",
        "1003",
        "1004",
        "10",
        "20",
        "01",
        "02",
        "03",
        "00",
        "0",
        "9",
        "#",
    ]
)
junk = st.text(alphabet="0123456789*#", max_size=12)
entry = st.one_of(plausible, plausible, junk, st.just(""), st.just(HANGUP))


class ScriptedCall(FakeCall):
    """A fake call whose caller hangs up when the script runs out."""

    def __init__(self, entries: Sequence[object], caller: str | None) -> None:
        super().__init__([*entries, HANGUP], caller=caller)


class FlakyStore(FailsFromCall, MemoryEvvStore):
    """Fails with a database error from the `fail_at`-th store call on (None: never)."""

    store_methods = STORE_METHODS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(entry, max_size=40),
    caller=st.sampled_from(["5550001001", "5559999999", None]),
    fail_at=st.one_of(st.none(), st.integers(min_value=1, max_value=25)),
    max_clients=st.integers(min_value=1, max_value=3),
)
async def test_random_callers_never_break_the_evv_line(
    entries: list[object], caller: str | None, fail_at: int | None, max_clients: int
) -> None:
    store = FlakyStore().with_max_clients(max_clients)
    assert isinstance(store, FlakyStore)
    store.fail_at = fail_at
    call = ScriptedCall(entries, caller)
    # CallEnded (the caller hung up) is the router's business, and expected.
    with contextlib.suppress(CallEnded):
        await EvvLine(store, lambda: NOON_UTC)(call)
    assert call.hung_up, "the call did not end"
    if store.failed:
        # The caller heard why, last, and nothing was written after the failure (it sticks).
        assert call.prompt_keys()[-1] == "technical-difficulty"

    known_clients = {c.id for c in store.clients.values()}
    for rows in (store.call_ins, store.call_outs):
        assert len(rows) <= max_clients
        assert all(r.client_id in known_clients for r in rows)
        assert all(r.caregiver_id == 7 for r in rows)
        assert len({r.client_id for r in rows}) == len(rows), "a client twice on one call"
    assert not (store.call_ins and store.call_outs), "one call both called in and out"
    closed = {101 + i for i in range(len(store.call_outs))}
    assert set(store.voices) <= closed
    assert set(store.verdicts) <= closed
