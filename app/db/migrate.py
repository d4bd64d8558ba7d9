"""Apply Alembic migrations from Python (the admin CLI and the tests use these)."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from app.config import REPO_ROOT
from app.db.engine import async_url, make_engine

ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def alembic_config(url: str) -> Config:
    config = Config(str(ALEMBIC_INI))
    # Passed as an attribute, not sqlalchemy.url: ConfigParser would treat a '%' in a
    # password as interpolation syntax.
    config.attributes["url"] = async_url(url)
    config.attributes["configure_logger"] = False
    return config


# env.py runs its own event loop (asyncio.run), so each command runs in a worker
# thread rather than inside the caller's loop.


async def upgrade(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def downgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


def _read_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(url: str) -> str | None:
    """The revision the database is at; None before the first migration."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_read_revision)
    finally:
        await engine.dispose()


def head_revision() -> str:
    """The newest revision in `migrations/versions`."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head
