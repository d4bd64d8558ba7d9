"""Store a batch of validated reference rows: insert new codes, update changed ones.

Upserting by (agency, code) makes a re-import of the same file change nothing. Done
with plain SELECT-then-write instead of a dialect's ON CONFLICT so SQLite and
PostgreSQL share one code path; the admin CLI is the only writer of reference data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.errors import AdminError
from app.db.engine import transaction
from app.systems.evv.admin.csv_reader import RowError
from app.systems.evv.admin.kinds import Kind
from app.systems.evv.admin.reference_rows import ValidRow
from app.systems.evv.models import CaregiverRow, ClientRow, ServiceRow, TaskRow

ReferenceRow = CaregiverRow | ClientRow | ServiceRow | TaskRow
MODELS: dict[Kind, type[ReferenceRow]] = {
    Kind.CAREGIVERS: CaregiverRow,
    Kind.CLIENTS: ClientRow,
    Kind.SERVICES: ServiceRow,
    Kind.TASKS: TaskRow,
}


@dataclass(frozen=True)
class BatchResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()


async def _existing(
    session: AsyncSession, kind: Kind, agency_id: int, codes: list[str]
) -> dict[str, ReferenceRow]:
    model = MODELS[kind]
    query = select(model).where(model.code.in_(codes))
    if kind is not Kind.CAREGIVERS:
        query = query.where(model.agency_id == agency_id)
    # Caregiver codes are unique across agencies (the caller is identified before the
    # agency is known), so look them up everywhere to catch another agency's code.
    # select() of a union of models types its rows as the common Base; they are not.
    rows = cast(Sequence[ReferenceRow], (await session.scalars(query)).all())
    return {row.code: row for row in rows}


def _apply(row: ReferenceRow, item: ValidRow) -> bool:
    """Set the row's columns from the import; report whether anything changed."""
    changed = False
    for column, value in item.values:
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed = True
    return changed


async def write_batch(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: Kind,
    agency_id: int,
    rows: Sequence[ValidRow],
) -> BatchResult:
    """One transaction per batch: a huge file commits as it goes, never all at once."""
    inserted = updated = unchanged = 0
    errors: list[RowError] = []
    model = MODELS[kind]
    try:
        async with transaction(sessionmaker) as session:
            existing = await _existing(session, kind, agency_id, [row.code for row in rows])
            for item in rows:
                found = existing.get(item.code)
                if found is None:
                    session.add(model(agency_id=agency_id, code=item.code, **dict(item.values)))
                    inserted += 1
                elif found.agency_id != agency_id:
                    errors.append(
                        RowError(item.line, f"caregiver code {item.code} belongs to another agency")
                    )
                elif _apply(found, item):
                    updated += 1
                else:
                    unchanged += 1
    except IntegrityError as error:
        # Only a concurrent writer of the same codes gets here; earlier batches stay.
        first, last = rows[0].line, rows[-1].line
        raise AdminError(
            f"lines {first}-{last} were refused by the database (was another import "
            f"running?); earlier lines were imported, run the import again: {error.orig}"
        ) from error
    return BatchResult(inserted, updated, unchanged, tuple(errors))
