"""Databases for the tests: a fresh SQLite file per test, and one private PostgreSQL
database per test session (emptied before each test).

PostgreSQL is required: if it is unreachable the PostgreSQL tests error out instead of
being skipped, so a broken CI database cannot pass as green.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import make_engine, make_sessionmaker
from app.db.migrate import upgrade
from app.systems.schema import metadata

T = TypeVar("T")

PG_HOST = os.environ.get("SWITCHBOARD_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SWITCHBOARD_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SWITCHBOARD_TEST_PG_USER", "postgres")
# An existing database to connect to while creating and dropping ours.
PG_ADMIN_DB = os.environ.get("SWITCHBOARD_TEST_PG_ADMIN_DB", "test")

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def run_in_thread(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on its own loop, leaving the test's loop alone."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database=PG_ADMIN_DB, timeout=10
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL database of our own, named so parallel runs never collide."""
    name = f"switchboard_test_{os.getpid()}_{secrets.token_hex(4)}"
    run_in_thread(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        run_in_thread(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def sqlite_file_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An empty SQLite file (no schema yet)."""
    return sqlite_file_url(tmp_path / "switchboard.db")


async def _empty_all_tables(url: str) -> None:
    tables = ", ".join(table.name for table in metadata.sorted_tables)
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture(params=DATABASES)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each backend, for tests that build the schema themselves.

    On PostgreSQL this is the session database: the test may find it at any revision
    and must leave it at head.
    """
    if request.param == "sqlite":
        return sqlite_file_url(tmp_path / "switchboard.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=DATABASES)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database for each backend."""
    if request.param == "sqlite":
        url = sqlite_file_url(tmp_path / "switchboard.db")
        await upgrade(url)
        return url
    url = request.getfixturevalue("pg_url")
    await upgrade(url)
    await _empty_all_tables(url)
    return url


@pytest.fixture
async def sessionmaker(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(db_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()
