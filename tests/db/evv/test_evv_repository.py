from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import make_engine, make_sessionmaker
from app.db.errors import NotFoundError
from app.db.migrate import upgrade
from app.systems.evv.demo import (
    DEMO_CAREGIVER,
    DEMO_CAREGIVER_2,
    DEMO_CLIENT,
    DEMO_CLIENT_2,
    DEMO_CLIENT_PHONE,
    DEMO_TASKS,
    seed_demo,
)
from app.systems.evv.models import AgencyRow, CaregiverRow
from app.systems.evv.repository import AGENCY_FRESH_SECONDS, EvvRepository
from app.systems.evv.rules.reference import CallIn

EASTERN_WINTER = timezone(timedelta(hours=-5))


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> EvvRepository:
    await seed_demo(sessionmaker)
    return EvvRepository(sessionmaker)


async def _call_in(
    repo: EvvRepository,
    *,
    caregiver: str = DEMO_CAREGIVER,
    client: str = DEMO_CLIENT,
    at: datetime,
    channel: str = "1741079702.1",
    group: bool = False,
) -> CallIn:
    found_caregiver = await repo.find_caregiver(caregiver)
    assert found_caregiver is not None
    found_client = await repo.find_client(found_caregiver.agency_id, client)
    assert found_client is not None
    return CallIn(
        agency_id=found_caregiver.agency_id,
        caregiver_id=found_caregiver.id,
        client_id=found_client.id,
        started_at=at,
        caller_number=f"+1{DEMO_CLIENT_PHONE}",
        location_matched=True,
        group_visit=group,
        channel_id=channel,
    )


async def test_unknown_codes(repo: EvvRepository) -> None:
    assert await repo.find_caregiver("0000") is None
    caregiver = await repo.find_caregiver(DEMO_CAREGIVER)
    assert caregiver is not None
    assert await repo.find_client(caregiver.agency_id, "9999") is None
    assert await repo.find_client(caregiver.agency_id + 1, DEMO_CLIENT) is None
    with pytest.raises(NotFoundError):
        await repo.get_agency(caregiver.agency_id + 1)


async def test_count_tasks_counts_the_agencys_own(repo: EvvRepository) -> None:
    # The cap on a visit's number of tasks: the demo agency has tasks 01-05.
    caregiver = await repo.find_caregiver(DEMO_CAREGIVER)
    assert caregiver is not None
    assert await repo.count_tasks(caregiver.agency_id) == len(DEMO_TASKS)
    assert await repo.count_tasks(caregiver.agency_id + 1) == 0


async def test_an_agency_edit_reaches_calls_once_the_cached_row_is_stale(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await seed_demo(sessionmaker)
    now = [1000.0]
    repo = EvvRepository(sessionmaker, clock=lambda: now[0])
    caregiver = await repo.find_caregiver(DEMO_CAREGIVER)
    assert caregiver is not None
    before = await repo.get_agency(caregiver.agency_id)
    async with sessionmaker() as session:
        await session.execute(
            update(AgencyRow).where(AgencyRow.id == before.id).values(timezone="Europe/Oslo")
        )
        await session.commit()
    now[0] += AGENCY_FRESH_SECONDS - 0.1
    assert (await repo.get_agency(before.id)).timezone == before.timezone, "reused while fresh"
    now[0] += 0.2
    assert (await repo.get_agency(before.id)).timezone == "Europe/Oslo"


async def test_inactive_caregiver_is_not_found(
    repo: EvvRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        await session.execute(
            update(CaregiverRow).where(CaregiverRow.code == DEMO_CAREGIVER_2).values(active=False)
        )
        await session.commit()
    assert await repo.find_caregiver(DEMO_CAREGIVER_2) is None
    assert await repo.find_caregiver(DEMO_CAREGIVER) is not None


async def test_call_in_round_trip_in_utc(repo: EvvRepository) -> None:
    # 09:15 in New York in winter is 14:15 UTC.
    at = datetime(2025, 3, 4, 9, 15, 2, tzinfo=EASTERN_WINTER)
    call_in = await _call_in(repo, at=at, group=True)
    visit_id = await repo.record_call_in(call_in)

    [visit] = await repo.visits_for_channel("1741079702.1")
    assert visit.id == visit_id
    assert visit.call_in_at == datetime(2025, 3, 4, 14, 15, 2, tzinfo=UTC)
    assert visit.call_in_at.utcoffset() == timedelta(0)
    assert (visit.caregiver_id, visit.client_id, visit.agency_id) == (
        call_in.caregiver_id,
        call_in.client_id,
        call_in.agency_id,
    )
    assert visit.call_in_number == "+15550001001"
    assert visit.location_matched is True
    assert visit.group_visit is True
    assert visit.call_out_at is None
    assert visit.created_at.tzinfo is not None


async def test_naive_time_is_refused(repo: EvvRepository) -> None:
    call_in = await _call_in(repo, at=datetime(2025, 3, 4, 9, 15))
    with pytest.raises(Exception, match="naive datetime"):
        await repo.record_call_in(call_in)
    assert await repo.visits_for_channel("1741079702.1") == []


async def test_group_call_in_shares_the_channel(repo: EvvRepository) -> None:
    at = datetime(2025, 3, 4, 14, 0, tzinfo=UTC)
    first = await repo.record_call_in(await _call_in(repo, at=at, client=DEMO_CLIENT))
    second = await repo.record_call_in(await _call_in(repo, at=at, client=DEMO_CLIENT_2))
    await repo.record_call_in(await _call_in(repo, at=at, channel="other"))
    visits = await repo.visits_for_channel("1741079702.1")
    assert [v.id for v in visits] == [first, second]
    assert {v.call_in_at for v in visits} == {at}


async def test_list_visits_is_half_open(repo: EvvRepository) -> None:
    day = datetime(2025, 3, 4, tzinfo=UTC)
    times = [
        day - timedelta(seconds=1),
        day,
        day + timedelta(hours=23, minutes=59),
        day + timedelta(days=1),
    ]
    for at in times:
        await repo.record_call_in(await _call_in(repo, at=at))
    listed = await repo.list_visits(day, day + timedelta(days=1))
    assert [v.call_in_at for v in listed] == times[1:3]


async def test_concurrent_call_ins_on_sqlite(sqlite_url: str) -> None:
    """Two phones calling in at once must both be stored, not fail on a locked file."""
    await upgrade(sqlite_url)
    engines = [make_engine(sqlite_url), make_engine(sqlite_url)]
    try:
        await seed_demo(make_sessionmaker(engines[0]))
        repos = [EvvRepository(make_sessionmaker(engine)) for engine in engines]
        at = datetime(2025, 3, 4, 14, 0, tzinfo=UTC)
        call_ins = [await _call_in(repos[0], at=at, channel=f"chan-{n}") for n in range(20)]
        ids = await asyncio.gather(
            *(repos[n % 2].record_call_in(call_in) for n, call_in in enumerate(call_ins))
        )
        assert len(set(ids)) == 20
        listed = await repos[1].list_visits(at, at + timedelta(seconds=1))
        assert len(listed) == 20
    finally:
        for engine in engines:
            await engine.dispose()
