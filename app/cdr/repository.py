"""CDR rows: idempotent inserts keyed on uq_cdr_call_leg, and the reads tests and the
CLI need."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Insert, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from app.cdr.models import CdrRow
from app.cdr.record import CdrRecord
from app.db.base import utc_now
from app.db.engine import engine_of

CALL_LEG_CONSTRAINT = "uq_cdr_call_leg"
CALL_LEG_COLUMNS = ("unique_id", "channel", "destination_channel", "start_time")


def _values(record: CdrRecord) -> dict[str, object]:
    return {
        "unique_id": record.unique_id,
        "account_code": record.account_code,
        "source": record.source,
        "destination": record.destination,
        "destination_context": record.destination_context,
        "caller_id": record.caller_id,
        "channel": record.channel,
        "destination_channel": record.destination_channel,
        "last_app": record.last_app,
        "last_data": record.last_data,
        "start_time": record.start_time,
        "answer_time": record.answer_time,
        "end_time": record.end_time,
        "duration": record.duration,
        "billable_seconds": record.billable_seconds,
        "disposition": record.disposition,
        "ama_flags": record.ama_flags,
        "user_field": record.user_field,
        "origin": record.origin,
        "recorded_at": utc_now(),
    }


def _record(row: CdrRow) -> CdrRecord:
    return CdrRecord(
        unique_id=row.unique_id,
        account_code=row.account_code,
        source=row.source,
        destination=row.destination,
        destination_context=row.destination_context,
        caller_id=row.caller_id,
        channel=row.channel,
        destination_channel=row.destination_channel,
        last_app=row.last_app,
        last_data=row.last_data,
        start_time=row.start_time,
        answer_time=row.answer_time,
        end_time=row.end_time,
        duration=row.duration,
        billable_seconds=row.billable_seconds,
        disposition=row.disposition,
        ama_flags=row.ama_flags,
        user_field=row.user_field,
        origin="csv" if row.origin == "csv" else "ami",
    )


def _insert_unless_present(dialect: str) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING on the call-leg key, returning the new id; the
    values come as parameters, so one statement object (and its cache key) serves all.

    Checking first and inserting after would race between the AMI listener and a
    back-fill; letting the database arbitrate cannot.
    """
    if dialect == "postgresql":
        return (
            postgresql.insert(CdrRow)
            .on_conflict_do_nothing(constraint=CALL_LEG_CONSTRAINT)
            .returning(CdrRow.id)
        )
    if dialect == "sqlite":
        return (
            sqlite.insert(CdrRow)
            .on_conflict_do_nothing(index_elements=list(CALL_LEG_COLUMNS))
            .returning(CdrRow.id)
        )
    raise NotImplementedError(f"idempotent CDR insert not written for {dialect}")


class CdrRepository:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._engine = engine_of(sessionmaker)
        self._statement = _insert_unless_present(self._engine.dialect.name)

    async def _insert(self, connection: AsyncConnection, record: CdrRecord) -> bool:
        result = await connection.execute(self._statement, _values(record))
        return result.scalar_one_or_none() is not None

    async def add(self, record: CdrRecord) -> bool:
        """Store the record unless its call leg is already stored; True when inserted."""
        async with self._engine.begin() as connection:
            return await self._insert(connection, record)

    async def add_many(self, records: Iterable[CdrRecord]) -> int:
        """`add` for a batch: one transaction, one multi-row INSERT (SQLAlchemy's
        "insertmanyvalues"); returns how many were new."""
        rows = [_values(record) for record in records]
        if not rows:
            return 0
        async with self._engine.begin() as connection:
            result = await connection.execute(self._statement, rows)
            return len(result.all())

    async def count(self) -> int:
        async with self._sessionmaker() as session:
            return await session.scalar(select(func.count()).select_from(CdrRow)) or 0

    async def list_for_unique_id(self, unique_id: str) -> list[CdrRecord]:
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(CdrRow).where(CdrRow.unique_id == unique_id).order_by(CdrRow.id)
            )
            return [_record(row) for row in rows]

    async def list_for_channel_prefix(self, prefix: str) -> list[CdrRecord]:
        """Records whose channel starts with `prefix` (e.g. 'PJSIP/caregiver-')."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(CdrRow)
                .where(CdrRow.channel.like(f"{escaped}%", escape="\\"))
                .order_by(CdrRow.start_time, CdrRow.id)
            )
            return [_record(row) for row in rows]
