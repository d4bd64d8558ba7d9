"""Import an agency's caregivers, clients, services or tasks from CSV.

reader (csv_reader) → validator (reference_rows) → writer (reference_writer): bad rows
are reported by line and skipped, good rows are stored in batches as the file streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.errors import AdminError
from app.systems.evv.admin.agencies import resolve_agency
from app.systems.evv.admin.csv_reader import RowError, read_records
from app.systems.evv.admin.kinds import Kind
from app.systems.evv.admin.reference_rows import COLUMNS, DuplicateCodes, ValidRow, validate
from app.systems.evv.admin.reference_writer import BatchResult, write_batch

BATCH_SIZE = 500


@dataclass(frozen=True)
class ImportReport:
    kind: Kind
    inserted: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]  # in line order

    def summary(self) -> str:
        return (
            f"{self.kind}: {self.inserted} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.errors)} rejected"
        )


class _Totals:
    def __init__(self) -> None:
        self.inserted = self.updated = self.unchanged = 0
        self.errors: list[RowError] = []

    def add(self, result: BatchResult) -> None:
        self.inserted += result.inserted
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.errors.extend(result.errors)


async def import_stream(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: Kind,
    agency_id: int,
    stream: BinaryIO,
    *,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    # The file is read with blocking calls: the CLI runs nothing else on its loop.
    totals = _Totals()
    duplicates = DuplicateCodes()
    batch: list[ValidRow] = []
    for record in read_records(stream, COLUMNS[kind]):
        checked = record if isinstance(record, RowError) else validate(kind, record)
        if isinstance(checked, ValidRow):
            checked = duplicates.check(checked) or checked
        if isinstance(checked, RowError):
            totals.errors.append(checked)
            continue
        batch.append(checked)
        if len(batch) >= batch_size:
            totals.add(await write_batch(sessionmaker, kind, agency_id, batch))
            batch = []
    if batch:
        totals.add(await write_batch(sessionmaker, kind, agency_id, batch))
    # Errors found while writing (another agency's code) arrive after later lines' errors.
    errors = tuple(sorted(totals.errors, key=lambda error: error.line))
    return ImportReport(kind, totals.inserted, totals.updated, totals.unchanged, errors)


async def import_file(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: Kind,
    agency_account: str | None,
    path: Path,
    *,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    agency = await resolve_agency(sessionmaker, agency_account)
    try:
        stream = path.open("rb")
    except OSError as error:
        raise AdminError(f"cannot read {path}: {error.strerror}") from error
    with stream:
        return await import_stream(sessionmaker, kind, agency.id, stream, batch_size=batch_size)
