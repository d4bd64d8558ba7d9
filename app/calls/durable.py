"""Writes that must finish even when the caller hangs up mid-write.

Hangup cancels a call's task; a database write in flight is shielded from that
cancellation and tracked, so shutdown can wait for it and nothing is left half-written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_pending: set[asyncio.Task[Any]] = set()


async def durable(write: Coroutine[Any, Any, T]) -> T:
    task = asyncio.ensure_future(write)
    _pending.add(task)
    task.add_done_callback(_pending.discard)
    return await asyncio.shield(task)


def in_flight() -> int:
    return len(_pending)


async def drain() -> None:
    """Wait for every write still in flight (used at shutdown)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)
