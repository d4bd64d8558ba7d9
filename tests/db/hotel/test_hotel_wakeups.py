"""Wake-up calls in the database: set, claimed once when due, a claim a dead controller
left behind due again after its lease, retries to the operator alert, cancelled by
check-out while ringing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.hotel.demo import seed_hotel_demo
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.errors import NoGuest, UnknownRoom
from app.systems.hotel.rules.wakeup import Attempt, WakeUpState
from app.systems.hotel.settings import HotelSettings

SET_AT = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
DUE = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # 06:30 the next morning
LEASE = timedelta(minutes=2)


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> HotelRepository:
    assert await seed_hotel_demo(sessionmaker)
    return HotelRepository(sessionmaker, HotelSettings())


async def test_set_in_the_guests_language_and_refused_without_a_guest(
    repo: HotelRepository,
) -> None:
    wake = await repo.set_wakeup("102", "0630", False, SET_AT)
    assert (wake.due_at, wake.state, wake.language, wake.extension) == (
        DUE,
        "scheduled",
        "en",
        "102",
    )
    with pytest.raises(NoGuest):
        await repo.set_wakeup("106", "0630", False, SET_AT)
    with pytest.raises(UnknownRoom):
        await repo.set_wakeup("999", "0630", False, SET_AT)
    with pytest.raises(ValueError):
        await repo.set_wakeup("102", "2561", False, SET_AT)


async def test_due_calls_are_claimed_once_even_by_two_controllers(repo: HotelRepository) -> None:
    wake = await repo.set_wakeup("101", "0630", False, SET_AT)
    assert await repo.claim_due_wakeups(DUE - timedelta(seconds=1), LEASE) == []
    claims = await asyncio.gather(*(repo.claim_due_wakeups(DUE, LEASE) for _ in range(3)))
    assert sorted(len(c) for c in claims) == [0, 0, 1]
    [[claimed]] = [c for c in claims if c]
    assert claimed.id == wake.id and claimed.state == "ringing" and claimed.language == "zh"
    # The controller ringing it died: after the lease the call is due again.
    assert await repo.claim_due_wakeups(DUE + LEASE - timedelta(seconds=1), LEASE) == []
    [again] = await repo.claim_due_wakeups(DUE + LEASE, LEASE)
    assert again.id == wake.id


async def test_no_answer_retries_then_alerts_and_confirm_ends_it(repo: HotelRepository) -> None:
    wake = await repo.set_wakeup("101", "0630", False, SET_AT)
    now = DUE
    for tried in (1, 2):
        [claimed] = await repo.claim_due_wakeups(now, LEASE)
        change = await repo.wakeup_attempted(claimed.id, Attempt.NO_ANSWER, now)
        assert (change.state, change.attempts, change.alert) == ("scheduled", tried, False)
        now = change.due_at
    [claimed] = await repo.claim_due_wakeups(now, LEASE)
    last = await repo.wakeup_attempted(claimed.id, Attempt.NO_ANSWER, now)
    assert last.alert and last.state is WakeUpState.FAILED
    assert [w.state for w in await repo.wakeups("101")] == ["failed"]
    assert await repo.claim_due_wakeups(now + timedelta(days=1), LEASE) == []

    daily = await repo.set_wakeup("102", "0700", True, SET_AT)
    [claimed] = await repo.claim_due_wakeups(daily.due_at, LEASE)
    done = await repo.wakeup_attempted(claimed.id, Attempt.CONFIRMED, daily.due_at)
    assert done.state is WakeUpState.SCHEDULED and done.due_at == daily.due_at + timedelta(days=1)
    assert wake.id != daily.id


async def test_a_call_ringing_when_the_guest_checks_out_stays_cancelled(
    repo: HotelRepository,
) -> None:
    await repo.set_wakeup("101", "0630", False, SET_AT)
    [claimed] = await repo.claim_due_wakeups(DUE, LEASE)
    assert (await repo.check_out("101", DUE)).wakeups_cancelled == 1
    change = await repo.wakeup_attempted(claimed.id, Attempt.NO_ANSWER, DUE)
    assert change.state is WakeUpState.CANCELLED and not change.alert
    assert await repo.claim_due_wakeups(DUE + timedelta(hours=1), LEASE) == []


async def test_cancel_from_the_room(repo: HotelRepository) -> None:
    await repo.set_wakeup("101", "0630", False, SET_AT)
    await repo.set_wakeup("101", "0645", True, SET_AT)
    assert await repo.cancel_wakeups("101") == 2
    assert await repo.cancel_wakeups("101") == 0
