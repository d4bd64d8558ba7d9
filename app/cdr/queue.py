"""CDRs from AMI wait here briefly for the one task that stores them.

One transaction per batch instead of one per call: under load a CDR arrives every few
hundred milliseconds, and each transaction's commit is a disk sync. A CDR waits at most
`linger` seconds; stopping stores whatever is queued.
"""

from __future__ import annotations

import asyncio
import contextlib

from app.cdr.record import CdrRecord
from app.cdr.writer import CdrWriter

LINGER_SECONDS = 0.25
MAX_BATCH = 500


class CdrQueue:
    def __init__(
        self, writer: CdrWriter, *, linger: float = LINGER_SECONDS, max_batch: int = MAX_BATCH
    ) -> None:
        self.writer = writer
        self.linger = linger
        self.max_batch = max_batch
        self._pending: list[CdrRecord] = []
        self._arrived = asyncio.Event()
        self._closing = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._closing.clear()
            self._task = asyncio.create_task(self._run(), name="cdr-queue")

    def put(self, record: CdrRecord) -> None:
        self._pending.append(record)
        self._arrived.set()

    @property
    def waiting(self) -> int:
        return len(self._pending)

    async def close(self) -> None:
        """Store everything queued, then stop."""
        self._closing.set()
        self._arrived.set()
        task, self._task = self._task, None
        if task is not None:
            await task
        await self._flush()

    async def _run(self) -> None:
        while not self._closing.is_set():
            await self._arrived.wait()
            # Let the CDRs of calls ending together join the batch (stopping cuts it short).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.linger):
                    await self._closing.wait()
            await self._flush()

    async def _flush(self) -> None:
        while self._pending:
            self._arrived.clear()
            batch = self._pending[: self.max_batch]
            del self._pending[: self.max_batch]
            await self.writer.write_batch(batch)
        self._arrived.clear()
