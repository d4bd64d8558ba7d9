"""What the engine promises on SQLite, and the transaction helper on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import async_url, make_engine, transaction
from app.db.migrate import upgrade
from app.db.models import AgencyRow, CaregiverRow


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
            assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() >= 5000
    finally:
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
