"""What the engine promises on SQLite, and the transaction helper on both databases."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import async_url, make_engine, transaction
from app.db.migrate import upgrade
from app.systems.evv.models import AgencyRow, CaregiverRow


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///var/x.db", "sqlite+aiosqlite:///var/x.db"),
        ("sqlite+aiosqlite:///var/x.db", "sqlite+aiosqlite:///var/x.db"),
        ("postgresql://u:p%40ss@h:5432/db", "postgresql+asyncpg://u:p%40ss@h:5432/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_async_url(given: str, expected: str) -> None:
    assert async_url(given) == expected


async def test_sqlite_pragmas(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            # Lock waits happen in asyncio, never inside SQLite on the event loop's thread.
            assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() == 0
    finally:
        await engine.dispose()


async def test_a_locked_sqlite_file_is_waited_for_without_blocking_the_loop(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Another process holds the write lock for 0.3 s: the insert waits and lands, and the
    event loop keeps running meanwhile (every call on the line depends on it)."""
    await upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    holder = sqlite3.connect(tmp_path / "switchboard.db", isolation_level=None)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    try:
        holder.execute("BEGIN IMMEDIATE")
        ticking = asyncio.create_task(ticker())
        loop = asyncio.get_running_loop()
        loop.call_later(0.3, holder.execute, "COMMIT")
        started = loop.time()
        async with engine.begin() as connection:
            await connection.execute(AgencyRow.__table__.insert().values(**_agency_values("7")))
        waited = loop.time() - started
        ticking.cancel()
        assert 0.25 <= waited < 2.0
        assert ticks >= 15, f"the loop stalled while waiting for the lock ({ticks} ticks)"
        async with engine.connect() as connection:
            count = await connection.scalar(select(func.count()).select_from(AgencyRow))
        assert count == 1
    finally:
        holder.close()
        await engine.dispose()


async def test_a_lock_held_past_the_busy_timeout_fails_as_sqlite_would(
    sqlite_url: str, tmp_path: Path
) -> None:
    await upgrade(sqlite_url)
    engine = make_engine(sqlite_url, busy_timeout_ms=200)
    holder = sqlite3.connect(tmp_path / "switchboard.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(OperationalError, match="database is locked"):
            async with engine.begin() as connection:
                await connection.execute(AgencyRow.__table__.insert().values(**_agency_values("8")))
        assert 0.1 <= loop.time() - started < 1.0
        holder.execute("ROLLBACK")
        async with engine.begin() as connection:  # the same engine recovers at once
            await connection.execute(AgencyRow.__table__.insert().values(**_agency_values("9")))
    finally:
        holder.close()
        await engine.dispose()


async def test_sqlite_enforces_foreign_keys(sqlite_url: str) -> None:
    await upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        async with engine.begin() as connection:
            with pytest.raises(IntegrityError):
                await connection.execute(
                    CaregiverRow.__table__.insert().values(
                        agency_id=999, code="1", name="Nobody", active=True
                    )
                )
    finally:
        await engine.dispose()


def _agency_values(account: str) -> dict[str, object]:
    return {"name": "A", "account_number": account, "max_clients": 1, "max_visit_minutes": 60}


def _agency(account: str) -> AgencyRow:
    return AgencyRow(name="A", account_number=account, max_clients=1, max_visit_minutes=60)


async def _agency_count(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(AgencyRow)) or 0


async def test_transaction_commits(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(sessionmaker) as session:
        session.add(_agency("1"))
    assert await _agency_count(sessionmaker) == 1


async def test_transaction_rolls_back_and_reraises(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with transaction(sessionmaker) as session:
            session.add(_agency("1"))
            await session.flush()
            raise Boom
    assert await _agency_count(sessionmaker) == 0


async def test_transaction_reraises_database_errors(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    with pytest.raises(IntegrityError):
        async with transaction(sessionmaker) as session:
            session.add_all([_agency("7"), _agency("7")])
    assert await _agency_count(sessionmaker) == 0


async def test_sqlite_folder_is_created(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh' / 'var' / 'switchboard.db'}"
    await upgrade(url)
    assert (tmp_path / "fresh" / "var" / "switchboard.db").exists()
