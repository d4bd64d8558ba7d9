"""CDRs are stored in batches by one task; none is lost at stop or through an outage."""

from __future__ import annotations

import asyncio
import dataclasses

from app.cdr.queue import CdrQueue
from app.cdr.record import CdrRecord, from_ami_event
from app.cdr.writer import CdrWriter
from tests.harness.cdr_samples import ANSWERED_EVENT, FlakyStore

RECORD = from_ami_event(ANSWERED_EVENT)


def records(count: int) -> list[CdrRecord]:
    return [dataclasses.replace(RECORD, unique_id=f"1741079702.{n}") for n in range(count)]


class BatchStore(FlakyStore):
    def __init__(self, failures: int = 0) -> None:
        super().__init__(failures)
        self.batches: list[int] = []

    async def add_many(self, batch: object) -> int:
        rows = list(batch)  # type: ignore[call-overload]
        self.batches.append(len(rows))
        return await super().add_many(rows)


async def test_cdrs_arriving_together_are_one_transaction() -> None:
    store = BatchStore()
    queue = CdrQueue(CdrWriter(store), linger=0.05)
    queue.start()
    for record in records(5):
        queue.put(record)
    await asyncio.sleep(0.2)
    assert store.batches == [5] and len(store.keys) == 5
    queue.put(records(6)[5])
    await queue.close()
    assert store.batches == [5, 1] and len(store.keys) == 6


async def test_stop_stores_what_is_still_queued() -> None:
    store = BatchStore()
    queue = CdrQueue(CdrWriter(store), linger=10)
    queue.start()
    for record in records(3):
        queue.put(record)
    await asyncio.sleep(0)
    await queue.close()
    assert len(store.keys) == 3 and queue.waiting == 0


async def test_big_backlogs_are_split() -> None:
    store = BatchStore()
    queue = CdrQueue(CdrWriter(store), linger=0, max_batch=4)
    for record in records(10):
        queue.put(record)
    await queue.close()
    assert store.batches == [4, 4, 2]
