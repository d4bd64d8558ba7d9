"""SQLite on the event loop's own thread, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs each connection in a thread and hands every call (cursor, execute, fetch,
close, commit) across with a future: four or five round trips per statement, each costing
more CPU than the indexed lookup it carries (about 1 ms of CPU per lookup against tens of
microseconds for the statement itself, measured under `make bench`). Our statements are
small and SQLite is local, so they run inline here; only a commit that has something to
write to disk goes to a worker thread, as the fsync can take milliseconds.

What must never happen on the loop is waiting for a lock: SQLite's own busy handler would
sleep inside the call and freeze every call in progress. Connections are opened with no
busy timeout; a statement that finds the database locked is retried after an
`asyncio.sleep` (1 ms doubling to 50 ms) until the busy timeout has passed, then fails
with SQLite's own "database is locked", as the busy handler would have.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

FIRST_RETRY_SECONDS = 0.001
LONGEST_RETRY_SECONDS = 0.05


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


async def _patiently(busy_seconds: float, step: Callable[[], T], *, in_thread: bool = False) -> T:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + busy_seconds
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            if in_thread:
                return await loop.run_in_executor(None, step)
            return step()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or loop.time() + delay > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, LONGEST_RETRY_SECONDS)


class InlineCursor:
    """The subset of aiosqlite's cursor SQLAlchemy's adapter uses."""

    def __init__(self, cursor: sqlite3.Cursor, busy_seconds: float) -> None:
        self._cursor = cursor
        self._busy_seconds = busy_seconds

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        params = () if parameters is None else parameters
        await _patiently(self._busy_seconds, lambda: self._cursor.execute(sql, params))
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> InlineCursor:
        batch = list(rows)
        await _patiently(self._busy_seconds, lambda: self._cursor.executemany(sql, batch))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """The subset of aiosqlite's connection SQLAlchemy's adapter uses."""

    def __init__(self, connection: sqlite3.Connection, busy_seconds: float) -> None:
        self._conn = connection
        self._busy_seconds = busy_seconds
        # SQLAlchemy's adapter checks this before commit and rollback.
        self._connection: sqlite3.Connection | None = connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor(), self._busy_seconds)

    async def commit(self) -> None:
        if not self._conn.in_transaction:
            return  # nothing was written
        # Committing is where SQLite waits for the disk (fsync): that wait belongs in a
        # worker thread, not on the loop every call shares. One hand-off per write.
        await _patiently(self._busy_seconds, self._conn.commit, in_thread=True)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_creator(database: str, busy_seconds: float) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: one inline connection per call."""

    async def connect() -> InlineConnection:
        # timeout=0: no busy handler inside SQLite (see the module docstring);
        # check_same_thread=False: the pool may close it from a finalizer thread.
        connection = sqlite3.connect(database, timeout=0, check_same_thread=False)
        return InlineConnection(connection, busy_seconds)

    return connect
