"""Call-out storage: matching the open call-in, exceptions, verification, concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.evv.demo import DEMO_CAREGIVER, DEMO_CLIENT, DEMO_CLIENT_2, seed_demo
from app.systems.evv.models import VisitExceptionRow
from app.systems.evv.repository import EvvRepository
from app.systems.evv.rules.reference import CallIn
from app.systems.evv.rules.visits import CallOut, ClientVerification, Verdict

NOON = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> EvvRepository:
    await seed_demo(sessionmaker)
    return EvvRepository(sessionmaker)


async def ids(repo: EvvRepository, client: str = DEMO_CLIENT) -> tuple[int, int, int, int]:
    caregiver = await repo.find_caregiver(DEMO_CAREGIVER)
    assert caregiver is not None
    found = await repo.find_client(caregiver.agency_id, client)
    service = await repo.find_service(caregiver.agency_id, "10")
    assert found is not None and service is not None
    return caregiver.agency_id, caregiver.id, found.id, service.id


async def call_in(
    repo: EvvRepository,
    at: datetime,
    client: str = DEMO_CLIENT,
    matched: bool = True,
    number: str | None = "5550001001",
) -> int:
    agency, caregiver, client_id, _ = await ids(repo, client)
    return await repo.record_call_in(
        CallIn(agency, caregiver, client_id, at, number, matched, False, f"in-{at:%H%M}")
    )


async def call_out(
    repo: EvvRepository,
    at: datetime,
    client: str = DEMO_CLIENT,
    matched: bool = True,
    channel: str = "out-1",
    number: str = "5550001001",
) -> CallOut:
    agency, caregiver, client_id, service = await ids(repo, client)
    task = await repo.find_task(agency, "01")
    assert task is not None
    return CallOut(
        agency,
        caregiver,
        client_id,
        at,
        number,
        matched,
        False,
        channel,
        service,
        (task.id, task.id),
    )


async def test_call_out_closes_the_latest_open_call_in(repo: EvvRepository) -> None:
    await call_in(repo, NOON - timedelta(hours=5))
    latest = await call_in(repo, NOON - timedelta(hours=2))
    closed = await repo.record_call_out(await call_out(repo, NOON), 720)
    assert closed.visit_id == latest
    assert closed.call_in_at == NOON - timedelta(hours=2)
    visit = await repo.get_visit(latest)
    assert visit is not None
    assert visit.call_out_at == NOON and visit.call_out_channel == "out-1"
    assert len(visit.task_ids) == 2 and visit.exceptions == frozenset()


async def test_call_out_without_call_in_is_an_exception(repo: EvvRepository) -> None:
    closed = await repo.record_call_out(await call_out(repo, NOON, matched=False), 720)
    assert closed.call_in_at is None
    visit = await repo.get_visit(closed.visit_id)
    assert visit is not None and visit.call_in_at is None
    assert visit.exceptions == {"call_out_without_call_in", "unknown_caller_number"}


async def test_a_call_in_older_than_a_day_is_not_matched(repo: EvvRepository) -> None:
    await call_in(repo, NOON - timedelta(hours=30))
    closed = await repo.record_call_out(await call_out(repo, NOON), 2000)
    assert closed.call_in_at is None


async def test_visit_longer_than_the_agency_limit(repo: EvvRepository) -> None:
    await call_in(repo, NOON - timedelta(hours=13))
    closed = await repo.record_call_out(await call_out(repo, NOON), 720)
    visit = await repo.get_visit(closed.visit_id)
    assert visit is not None and visit.exceptions == {"visit_too_long"}


async def test_unknown_number_at_call_in_is_an_exception(repo: EvvRepository) -> None:
    visit_id = await call_in(repo, NOON, matched=False)
    visit = await repo.get_visit(visit_id)
    assert visit is not None and visit.exceptions == {"unknown_caller_number"}


async def _details(
    sessionmaker: async_sessionmaker[AsyncSession], visit_id: int
) -> set[tuple[str, str]]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(VisitExceptionRow.code, VisitExceptionRow.detail).where(
                VisitExceptionRow.visit_id == visit_id
            )
        )
        return {(code, detail) for code, detail in rows}


async def test_an_unknown_number_is_kept_as_the_exceptions_detail(
    repo: EvvRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # docs/admin-cli.md: `visits exceptions` shows the number the caregiver called from.
    visit_id = await call_in(repo, NOON, matched=False, number="5559999999")
    assert await _details(sessionmaker, visit_id) == {("unknown_caller_number", "5559999999")}
    # The call-out from another unknown phone is the same exception, with both numbers.
    later = NOON + timedelta(hours=1)
    closed = await repo.record_call_out(
        await call_out(repo, later, matched=False, number="5558888888"), 720
    )
    assert closed.visit_id == visit_id
    assert await _details(sessionmaker, visit_id) == {
        ("unknown_caller_number", "5559999999 (call-in), 5558888888 (call-out)")
    }

    alone = await repo.record_call_out(
        await call_out(repo, later, client=DEMO_CLIENT_2, matched=False, channel="out-2"), 720
    )
    assert await _details(sessionmaker, alone.visit_id) == {
        ("call_out_without_call_in", ""),
        ("unknown_caller_number", "5550001001"),
    }
    hidden = await call_in(repo, later, matched=False, number=None)
    assert await _details(sessionmaker, hidden) == {("unknown_caller_number", "no caller ID")}


async def test_verification_answers_and_their_exceptions(repo: EvvRepository) -> None:
    await call_in(repo, NOON - timedelta(hours=1))
    closed = await repo.record_call_out(await call_out(repo, NOON), 720)
    await repo.record_client_voice(closed.visit_id, "/var/rec/evv-visit-1.wav", 4.5)
    await repo.record_verification(closed.visit_id, times=Verdict.REJECTED)
    await repo.record_verification(closed.visit_id, service=Verdict.CONFIRMED)
    visit = await repo.get_visit(closed.visit_id)
    assert visit is not None
    assert (visit.client_verification, visit.times_verdict, visit.service_verdict) == (
        "recorded",
        "rejected",
        "confirmed",
    )
    assert visit.client_voice_path == "/var/rec/evv-visit-1.wav"
    assert visit.exceptions == {"times_rejected"}


async def test_client_who_cannot_verify(repo: EvvRepository) -> None:
    closed = await repo.record_call_out(await call_out(repo, NOON), 720)
    await repo.record_verification(closed.visit_id, client=ClientVerification.DECLINED)
    visit = await repo.get_visit(closed.visit_id)
    assert visit is not None and "client_not_verified" in visit.exceptions


async def test_two_call_outs_at_once_close_one_visit_each(repo: EvvRepository) -> None:
    """Two phones, same caregiver and client, one open call-in: exactly one call-out
    closes it; the other becomes a visit of its own, flagged for review."""
    opened = await call_in(repo, NOON - timedelta(hours=1))
    first, second = await asyncio.gather(
        repo.record_call_out(await call_out(repo, NOON, channel="out-a"), 720),
        repo.record_call_out(await call_out(repo, NOON, channel="out-b"), 720),
    )
    assert sorted([first.call_in_at is None, second.call_in_at is None]) == [False, True]
    assert opened in (first.visit_id, second.visit_id)
    assert first.visit_id != second.visit_id


async def test_stale_call_ins_are_flagged_once(repo: EvvRepository) -> None:
    stale = await call_in(repo, NOON - timedelta(hours=13))
    fresh = await call_in(repo, NOON - timedelta(hours=1), client=DEMO_CLIENT_2)
    assert await repo.flag_stale_call_ins(NOON) == 1
    assert await repo.flag_stale_call_ins(NOON) == 0
    stale_visit, fresh_visit = await repo.get_visit(stale), await repo.get_visit(fresh)
    assert stale_visit is not None and stale_visit.exceptions == {"call_in_not_closed"}
    assert fresh_visit is not None and fresh_visit.exceptions == frozenset()
