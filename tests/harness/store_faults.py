"""Database errors as a store raises them, injected into an in-memory store one method at a
time, for the flows' store-error tests."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

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


class FailsFromCall:
    """Mixed into an in-memory store: every call of a method in `store_methods` counts, and
    from the `fail_at`-th on (None: never) it raises the database-is-locked error."""

    store_methods: ClassVar[tuple[str, ...]] = ()
    fail_at: int | None = None
    store_calls: int = 0
    failed: bool = False

    def __getattribute__(self, name: str) -> Any:
        attribute = super().__getattribute__(name)
        if name not in type(self).store_methods:
            return attribute

        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            self.store_calls += 1
            if self.fail_at is not None and self.store_calls >= self.fail_at:
                self.failed = True
                raise OperationalError(name, {}, Exception("database is locked"))
            return await attribute(*args, **kwargs)

        return wrapped
