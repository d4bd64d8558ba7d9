"""Async engine, session factory and the one way to run a unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Re-exported: the engine's callers and tests know the default by this name.
from app.config import SQLITE_BUSY_TIMEOUT_MS as SQLITE_BUSY_TIMEOUT_MS
from app.db.sqlite_inline import inline_creator

# A pool large enough for every call's lookups at once: beyond pool_size SQLAlchemy opens an
# overflow connection per checkout and closes it on return, and for aiosqlite that is a new
# thread, a new SQLite connection and three PRAGMAs each time (measured with `make bench`).
SQLITE_POOL_SIZE = 20
SQLITE_MAX_OVERFLOW = 20


_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def async_url(url: str) -> str:
    """Accept the plain `sqlite:///` and `postgresql://` spellings admins tend to type."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        return url
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def ensure_sqlite_directory(url: str) -> None:
    """Create the folder of a SQLite file, so a fresh checkout can migrate at once."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLite ignores foreign keys unless asked, per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets the CLI read while the controller writes.
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _threaded_sqlite_setup(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        _on_sqlite_connect(dbapi_connection, record)
        cursor = dbapi_connection.cursor()
        try:
            # aiosqlite's own thread may wait for the lock; inline connections never do.
            cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        finally:
            cursor.close()

    return on_connect


def make_engine(
    url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> AsyncEngine:
    url = async_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        ensure_sqlite_directory(url)
        database = make_url(url).database
        if database in (None, "", ":memory:") or database.startswith("file:"):
            # In-memory and URI databases (tests): aiosqlite's thread, as SQLAlchemy sets up.
            engine = create_async_engine(
                url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000}
            )
            event.listen(engine.sync_engine, "connect", _threaded_sqlite_setup(busy_timeout_ms))
            return engine
        engine = create_async_engine(
            url,
            echo=echo,
            async_creator=inline_creator(database, busy_timeout_ms / 1000),
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=SQLITE_MAX_OVERFLOW,
        )
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        return engine
    # A PostgreSQL restart leaves dead connections in the pool; ping before use.
    return create_async_engine(url, echo=echo, pool_pre_ping=True)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Repositories hand out plain dataclasses, so nothing reads ORM state after commit.
    return async_sessionmaker(engine, expire_on_commit=False)


def engine_of(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncEngine:
    """The engine under a sessionmaker, for Core statements on the hot paths."""
    engine = sessionmaker.kw.get("bind")
    if not isinstance(engine, AsyncEngine):
        raise TypeError("the sessionmaker is not bound to an AsyncEngine")
    return engine


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit when the block ends, roll back and re-raise when it fails."""
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
