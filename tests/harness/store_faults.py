"""Database errors as a store raises them, injected into an in-memory store one method at a
time, for the flows' store-error tests."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError

S = TypeVar("S")

# What aiosqlite raises after the busy timeout, wrapped by SQLAlchemy.
LOCKED = OperationalError("INSERT INTO visit", {}, Exception("database is locked"))
# What connecting to a PostgreSQL that is gone raises.
REFUSED = ConnectionRefusedError(111, "Connection refused")


def failing(store: S, method: str, error: BaseException) -> S:
    async def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    setattr(store, method, broken)
    return store
