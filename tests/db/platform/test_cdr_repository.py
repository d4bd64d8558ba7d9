"""The cdr table keeps one row per call leg, whichever path reported it first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cdr.record import from_ami_event, from_csv_row
from app.cdr.repository import CdrRepository
from tests.harness.cdr_samples import (
    ANSWERED_CSV_LINE,
    ANSWERED_EVENT,
    UNANSWERED_EVENT,
    csv_row,
)


@pytest.fixture
def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> CdrRepository:
    return CdrRepository(sessionmaker)


async def test_same_ami_event_twice_is_one_row(repo: CdrRepository) -> None:
    record = from_ami_event(ANSWERED_EVENT)
    assert await repo.add(record) is True
    assert await repo.add(from_ami_event(ANSWERED_EVENT)) is False
    assert await repo.count() == 1
    assert await repo.list_for_unique_id("1741079702.1") == [record]


async def test_csv_then_ami_is_one_row(repo: CdrRepository) -> None:
    assert await repo.add(from_csv_row(csv_row(ANSWERED_CSV_LINE))) is True
    assert await repo.add(from_ami_event(ANSWERED_EVENT)) is False
    [stored] = await repo.list_for_unique_id("1741079702.1")
    assert stored.origin == "csv"


async def test_ami_then_csv_is_one_row(repo: CdrRepository) -> None:
    assert await repo.add(from_ami_event(ANSWERED_EVENT)) is True
    assert await repo.add_many([from_csv_row(csv_row(ANSWERED_CSV_LINE))]) == 0
    [stored] = await repo.list_for_unique_id("1741079702.1")
    assert stored.origin == "ami"


async def test_other_legs_of_the_same_call_are_kept(repo: CdrRepository) -> None:
    """One uniqueid can carry several CDRs (forks, transfers): each leg is its own row."""
    first = from_ami_event(UNANSWERED_EVENT)
    forked = replace(first, destination_channel="PJSIP/carrier-00000009")
    later = replace(first, start_time=datetime(2025, 3, 4, 10, 0, 30))
    assert await repo.add_many([first, forked, later, first]) == 3
    assert await repo.count() == 3


async def test_stored_record_round_trips(repo: CdrRepository) -> None:
    record = from_ami_event(UNANSWERED_EVENT)
    await repo.add(record)
    assert await repo.list_for_channel_prefix("PJSIP/2001-") == [record]
    assert record.answer_time is None


async def test_channel_prefix_is_literal(repo: CdrRepository) -> None:
    await repo.add(from_ami_event(ANSWERED_EVENT))
    await repo.add(from_ami_event(UNANSWERED_EVENT))
    assert [r.unique_id for r in await repo.list_for_channel_prefix("PJSIP/")] == [
        "1741079702.1",
        "1741082400.7",
    ]
    assert await repo.list_for_channel_prefix("PJSIP/carrier-") != []
    assert await repo.list_for_channel_prefix("PJSIP/%") == []
    assert await repo.list_for_channel_prefix("PJSIP_carrier") == []
