"""The wake-up scheduler over the real repository (SQLite and PostgreSQL), with a ringer
standing in for the ARI flow: due calls rung once, retries to the operator alert, a
ringer that fails is a lost try, and a call a dead controller left ringing is rung by
the next one once its lease is over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.hotel.demo import seed_hotel_demo
from app.systems.hotel.records import WakeUp
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.wakeup import Attempt, WakeUpUpdate
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.wakeups import LEASE, WakeUpScheduler

SET_AT = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
DUE = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # 06:30


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> HotelRepository:
    assert await seed_hotel_demo(sessionmaker)
    return HotelRepository(sessionmaker, HotelSettings())


async def test_unconfirmed_calls_are_retried_then_the_operator_is_alerted(
    repo: HotelRepository,
) -> None:
    await repo.set_wakeup("101", "0630", False, SET_AT)
    await repo.set_wakeup("102", "0630", False, SET_AT)
    clock = Clock(DUE - timedelta(minutes=1))
    rung: list[tuple[str, str]] = []
    alerts: list[str] = []

    async def ring(wakeup: WakeUp) -> Attempt:
        rung.append((wakeup.room_number, wakeup.language))
        if wakeup.room_number == "102":
            raise ConnectionError("ARI is down")
        return Attempt.NO_ANSWER

    async def alert(wakeup: WakeUp, change: WakeUpUpdate) -> None:
        alerts.append(wakeup.room_number)

    scheduler = WakeUpScheduler(repo, ring, alert, clock)
    assert await scheduler.place_due() == 0
    clock.now = DUE
    assert await scheduler.place_due() == 2
    assert await scheduler.place_due() == 0, "not again before its retry time"
    for _ in range(2):  # two retries, five minutes apart
        clock.now += timedelta(minutes=5)
        assert await scheduler.place_due() == 2
    assert sorted(alerts) == ["101", "102"]
    assert sorted(rung) == [("101", "zh")] * 3 + [("102", "en")] * 3
    clock.now += timedelta(days=1)
    assert await scheduler.place_due() == 0
    assert {w.state for w in await repo.wakeups()} == {"failed"}


async def test_a_call_left_ringing_by_a_dead_controller_is_rung_after_its_lease(
    repo: HotelRepository,
) -> None:
    await repo.set_wakeup("101", "0630", True, SET_AT)
    assert len(await repo.claim_due_wakeups(DUE, LEASE)) == 1  # then the controller died
    confirmed: list[int] = []

    async def ring(wakeup: WakeUp) -> Attempt:
        confirmed.append(wakeup.id)
        return Attempt.CONFIRMED

    async def alert(wakeup: WakeUp, change: WakeUpUpdate) -> None:
        raise AssertionError("no alert for a confirmed call")

    clock = Clock(DUE + LEASE - timedelta(seconds=1))
    scheduler = WakeUpScheduler(repo, ring, alert, clock)
    assert await scheduler.place_due() == 0
    clock.now = DUE + LEASE
    assert await scheduler.place_due() == 1
    [daily] = await repo.wakeups("101")
    assert daily.state == "scheduled" and daily.due_at == DUE + timedelta(days=1)
    assert len(confirmed) == 1
