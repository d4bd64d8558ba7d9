"""Back-fill from Master.csv: inserts what the table lacks, skips bad lines, repeats safely."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cdr.backfill import backfill_from_csv
from app.cdr.record import from_ami_event
from app.cdr.repository import CdrRepository
from tests.harness.cdr_samples import (
    ANSWERED_CSV_LINE,
    ANSWERED_EVENT,
    UNANSWERED_CSV_LINE,
)

MASTER_CSV_LINES = [
    ANSWERED_CSV_LINE,
    # Cut short: Asterisk was still writing it, or the disk filled up.
    '"","2002","600","internal","""Desk"" <2002>","PJSIP/2002-00000003"',
    # Not a date where the start time belongs.
    '"","2003","600","internal","","PJSIP/2003-00000004","","Hangup","","yesterday",'
    '"","2025-03-04 11:00:05",5,0,"NO ANSWER","DOCUMENTATION","1741086000.9",""',
    "",
    UNANSWERED_CSV_LINE,
]


@pytest.fixture
def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> CdrRepository:
    return CdrRepository(sessionmaker)


@pytest.fixture
def master_csv(tmp_path: Path) -> Path:
    path = tmp_path / "cdr-csv" / "Master.csv"
    path.parent.mkdir()
    path.write_text("\n".join(MASTER_CSV_LINES) + "\n")
    return path


async def test_backfill_skips_malformed_lines(
    repo: CdrRepository, master_csv: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="app.cdr.backfill"):
        assert await backfill_from_csv(master_csv, repo) == 2
    assert await repo.count() == 2
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 2
    assert f"{master_csv}:2:" in skipped[0]
    assert f"{master_csv}:3:" in skipped[1] and "start" in skipped[1]


async def test_backfill_is_idempotent(repo: CdrRepository, master_csv: Path) -> None:
    assert await backfill_from_csv(master_csv, repo) == 2
    assert await backfill_from_csv(master_csv, repo) == 0
    assert await repo.count() == 2


async def test_backfill_adds_only_what_ami_missed(repo: CdrRepository, master_csv: Path) -> None:
    await repo.add(from_ami_event(ANSWERED_EVENT))
    assert await backfill_from_csv(master_csv, repo) == 1
    assert [r.origin for r in await repo.list_for_unique_id("1741079702.1")] == ["ami"]
    assert [r.origin for r in await repo.list_for_unique_id("1741082400.7")] == ["csv"]


async def test_missing_file_is_fine(repo: CdrRepository, tmp_path: Path) -> None:
    assert await backfill_from_csv(tmp_path / "nope" / "Master.csv", repo) == 0
    assert await repo.count() == 0
