"""The CSV reader: back-fills the cdr table from Asterisk's Master.csv.

AMI delivers CDRs only while the listener is connected; cdr_csv writes every one.
Reading the file at start-up recovers whatever was missed while the controller or the
database was down. Rows already stored are skipped by the same key the AMI path uses.
"""

from __future__ import annotations

import asyncio
import csv
import logging
from collections.abc import Iterator
from pathlib import Path

from app.cdr.record import CdrRecord, from_csv_row
from app.cdr.writer import CdrStore

log = logging.getLogger(__name__)

BATCH_SIZE = 500


def read_master_csv(path: Path) -> Iterator[CdrRecord]:
    """Yield every well-formed record; log and skip the rest.

    A line may be malformed because Asterisk was still writing it, or someone edited
    the file; either way one bad line must not cost the records after it.
    """
    # Undecodable bytes are dropped, as panoramisk does on the AMI path, so both
    # paths agree on every field.
    with path.open(newline="", encoding="utf-8", errors="ignore") as handle:
        reader = csv.reader(handle)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                log.warning("%s:%d: skipped unreadable CDR line: %s", path, reader.line_num, error)
                continue
            if not row:
                continue
            try:
                yield from_csv_row(row)
            except ValueError as error:
                log.warning("%s:%d: skipped malformed CDR line: %s", path, reader.line_num, error)


async def backfill_from_csv(path: Path | str, repo: CdrStore) -> int:
    """Insert the CSV records the table lacks; returns how many were inserted."""
    path = Path(path)
    if not path.exists():
        log.info("CDR back-fill: %s does not exist yet; nothing to do", path)
        return 0
    records = await asyncio.to_thread(lambda: list(read_master_csv(path)))
    inserted = 0
    for start in range(0, len(records), BATCH_SIZE):
        inserted += await repo.add_many(records[start : start + BATCH_SIZE])
    log.info("CDR back-fill: %d of %d records in %s were new", inserted, len(records), path)
    return inserted
