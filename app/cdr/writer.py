"""The writer: stores CDRs a batch at a time, retrying through database outages, never
silently."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Protocol

from app.cdr.record import CdrRecord

log = logging.getLogger(__name__)

# About 15 s in all: rides out a PostgreSQL restart or a long SQLite write lock.
RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)


class CdrStore(Protocol):
    async def add(self, record: CdrRecord) -> bool: ...
    async def add_many(self, records: Iterable[CdrRecord]) -> int: ...


class CdrWriter:
    def __init__(
        self,
        store: CdrStore,
        *,
        delays: Sequence[float] = RETRY_DELAYS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.delays = tuple(delays)
        self._sleep = sleep

    async def write_batch(self, records: Sequence[CdrRecord]) -> int:
        """Store a batch in one transaction, retrying as `write` does; returns how many
        were new, or -1 when the batch could not be stored (each record is logged)."""
        if not records:
            return 0
        attempts = len(self.delays) + 1
        for attempt in range(1, attempts + 1):
            try:
                return await self.store.add_many(records)
            except Exception:
                # Any failure is retried: a CDR is billing evidence, and telling a
                # transient error from a permanent one is not worth losing one.
                if attempt == attempts:
                    break
                delay = self.delays[attempt - 1]
                log.warning(
                    "CDR %s: write failed, attempt %d of %d; retrying in %.1f s",
                    _names(records),
                    attempt,
                    attempts,
                    delay,
                    exc_info=True,
                )
                await self._sleep(delay)
        for number, record in enumerate(records, 1):
            log.error(
                "CDR %s (%s): not stored after %d attempts; Master.csv back-fill restores it "
                "at the next start. Record: %r",
                record.unique_id,
                record.channel,
                attempts,
                record,
                exc_info=number == len(records),  # the cause, once
            )
        return -1


def _names(records: Sequence[CdrRecord], shown: int = 5) -> str:
    names = ", ".join(record.unique_id for record in records[:shown])
    more = len(records) - shown
    return f"{names} and {more} more" if more > 0 else names
