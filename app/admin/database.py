"""The admin commands' way into the database: `DATABASE_URL` checked before anything is
printed, a missing SQLite file never created behind the admin's back, and every failure
to reach the database turned into one line that names the setting (an AdminError).

SQLAlchemy is imported inside the functions: `switchboard --help` and the commands that
never touch the database do not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.admin.errors import AdminError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

    from app.config import Settings

SETTING = "DATABASE_URL"
EXAMPLES = "sqlite:///PATH/switchboard.db or postgresql://USER@HOST/DATABASE"
# The async driver each supported backend runs on (app.db.engine.async_url picks them).
DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}


def parse_database_url(url: str) -> URL:
    """The URL as SQLAlchemy reads it; AdminError for anything Switchboard cannot run on."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.db.engine import async_url

    try:
        parsed = make_url(async_url(url))
    except (ArgumentError, ValueError):
        # Unparsed, so the password is masked by hand: the text between ':' and '@'.
        shown = re.sub(r":[^:@/]*@", ":***@", url)
        raise AdminError(f"{SETTING} {shown!r} is not a database URL (use {EXAMPLES})") from None
    shown = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend not in DRIVERS:
        raise AdminError(
            f"{SETTING} {shown!r}: {backend!r} is not a database Switchboard runs on "
            f"(use {EXAMPLES})"
        )
    driver = parsed.get_driver_name()
    if driver != DRIVERS[backend]:
        raise AdminError(
            f"{SETTING} {shown!r}: driver {driver!r} is not supported; write "
            f"{backend}:// (Switchboard uses {DRIVERS[backend]})"
        )
    return parsed


def sqlite_file(parsed: URL) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL and in-memory or URI databases."""
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    return Path(database).resolve()


def require_existing(url: str) -> None:
    """Refuse a SQLite file that is not there: connecting would create it (and its folders),
    and the command would then fail on tables that do not exist."""
    path = sqlite_file(parse_database_url(url))
    if path is not None and not path.is_file():
        raise AdminError(
            f"no database at {path} ({SETTING}); create it with `switchboard db upgrade`"
        )


def unreachable(error: BaseException, url: str) -> AdminError | None:
    """The one-line error for a failure to connect; None if `error` is something else."""
    from sqlalchemy.exc import DBAPIError

    parsed = parse_database_url(url)
    where = parsed.render_as_string(hide_password=True)
    if isinstance(error, DBAPIError):
        reason = str(error.orig).strip() or type(error.orig).__name__
    elif isinstance(error, OSError):
        # Refused, unknown host, unreachable network: the socket's own words say which.
        reason = error.strerror or str(error) or type(error).__name__
    else:
        return None
    return AdminError(f"cannot connect to the database in {SETTING} ({where}): {reason}")


async def _connect_once(engine: AsyncEngine, url: str) -> None:
    from sqlalchemy.exc import DBAPIError

    try:
        async with engine.connect():
            pass
    except (DBAPIError, OSError) as error:
        problem = unreachable(error, url)
        if problem is None:
            raise
        raise problem from error


async def check_reachable(settings: Settings) -> None:
    """Connect once and let go: `switchboard run` says the database is unreachable before
    it starts Asterisk, not in a traceback after."""
    from app.db.engine import make_engine

    parse_database_url(settings.database_url)
    engine = make_engine(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        await _connect_once(engine, settings.database_url)
    finally:
        await engine.dispose()


@asynccontextmanager
async def sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A sessionmaker on an existing database, connected once up front so that "cannot
    connect" is told apart from a query that fails (most often: not migrated)."""
    url = settings.database_url
    require_existing(url)
    from sqlalchemy.exc import DBAPIError

    from app.db.engine import make_engine, make_sessionmaker

    engine = make_engine(url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        await _connect_once(engine, url)
        try:
            yield make_sessionmaker(engine)
        except DBAPIError as error:
            raise AdminError(
                f"database error: {error.orig}; is the schema up to date "
                "(`switchboard db upgrade`)?"
            ) from error
    finally:
        await engine.dispose()
