"""The writer retries a failing store with backoff and never drops a CDR silently."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from app.cdr.record import from_ami_event
from app.cdr.writer import CdrWriter
from tests.harness.cdr_samples import ANSWERED_EVENT, FlakyStore

RECORD = from_ami_event(ANSWERED_EVENT)
FAILED = -1  # what write_batch returns when the batch could not be stored


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.mark.parametrize(
    ("failures", "inserted", "slept"),
    [
        (0, 1, []),
        (2, 1, [0.5, 1.0]),
        (3, 1, [0.5, 1.0, 2.0]),
        (4, FAILED, [0.5, 1.0, 2.0]),
    ],
)
async def test_retries_with_backoff(failures: int, inserted: int, slept: list[float]) -> None:
    store, sleeps = FlakyStore(failures), Sleeps()
    writer = CdrWriter(store, delays=(0.5, 1.0, 2.0), sleep=sleeps)
    assert await writer.write_batch([RECORD]) == inserted
    assert sleeps.delays == slept
    assert store.attempts == min(failures + 1, 4)


async def test_duplicate_is_reported() -> None:
    writer = CdrWriter(FlakyStore(0), delays=())
    assert await writer.write_batch([RECORD]) == 1
    assert await writer.write_batch([RECORD]) == 0, "a duplicate is not new"


async def test_every_failure_is_logged_with_the_unique_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    writer = CdrWriter(FlakyStore(10), delays=(0.0, 0.0), sleep=Sleeps())
    with caplog.at_level(logging.WARNING, logger="app.cdr.writer"):
        assert await writer.write_batch([RECORD]) == FAILED
    levels = [(r.levelno, "1741079702.1" in r.getMessage()) for r in caplog.records]
    assert levels == [
        (logging.WARNING, True),
        (logging.WARNING, True),
        (logging.ERROR, True),
    ]
    assert "PJSIP/carrier-00000001" in caplog.records[-1].getMessage()
    assert caplog.records[-1].exc_info is not None


async def test_a_batch_that_never_lands_names_every_cdr(caplog: pytest.LogCaptureFixture) -> None:
    records = [dataclasses.replace(RECORD, unique_id=f"1741079702.{n}") for n in range(2)]
    writer = CdrWriter(FlakyStore(10), delays=(0.0,), sleep=Sleeps())
    with caplog.at_level(logging.ERROR, logger="app.cdr.writer"):
        assert await writer.write_batch(records) == FAILED
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "1741079702.0" in logged and "1741079702.1" in logged and "Master.csv" in logged
