"""The SMS outbox: rows written with their reason (see MaskingRepository.record_missed_call),
claimed by the sender, marked sent or rescheduled."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import transaction
from app.sms.models import OutboxSms, SmsOutboxRow, SmsStatus


def _sms(row: SmsOutboxRow) -> OutboxSms:
    return OutboxSms(
        id=row.id,
        to_number=row.to_number,
        body=row.body,
        attempts=row.attempts,
        idempotency_key=f"switchboard-sms-{row.id}",
    )


class SmsOutbox:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def due(self, now: datetime, limit: int = 20) -> list[OutboxSms]:
        """Pending SMS whose time has come (read only)."""
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(SmsOutboxRow)
                .where(SmsOutboxRow.status == "pending", SmsOutboxRow.next_attempt_at <= now)
                .order_by(SmsOutboxRow.next_attempt_at, SmsOutboxRow.id)
                .limit(limit)
            )
            return [_sms(row) for row in rows]

    async def claim_due(self, now: datetime, lease: timedelta, limit: int = 20) -> list[OutboxSms]:
        """Due SMS, each claimed for `lease`: its next attempt moves past the lease with a
        compare-and-set, so a second sender on the same database skips it, and a sender that
        dies mid-send leaves it to be retried when the lease runs out."""
        claimed: list[OutboxSms] = []
        async with self._sessionmaker() as session:
            rows = list(
                await session.execute(
                    select(SmsOutboxRow.id, SmsOutboxRow.next_attempt_at)
                    .where(SmsOutboxRow.status == "pending", SmsOutboxRow.next_attempt_at <= now)
                    .order_by(SmsOutboxRow.next_attempt_at, SmsOutboxRow.id)
                    .limit(limit)
                )
            )
        for sms_id, seen in rows:
            async with transaction(self._sessionmaker) as session:
                result = await session.execute(
                    update(SmsOutboxRow)
                    .where(
                        SmsOutboxRow.id == sms_id,
                        SmsOutboxRow.status == "pending",
                        SmsOutboxRow.next_attempt_at == seen,
                    )
                    .values(next_attempt_at=now + lease)
                )
                if getattr(result, "rowcount", 0) != 1:
                    continue  # another sender took it
                row = await session.get(SmsOutboxRow, sms_id)
                assert row is not None
                claimed.append(_sms(row))
        return claimed

    async def mark_done(self, sms_id: int, at: datetime, status: SmsStatus) -> None:
        """The gateway took it: `sent`, or `logged` when the gateway was only the log."""
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(SmsOutboxRow)
                .where(SmsOutboxRow.id == sms_id)
                .values(
                    status=str(status),
                    sent_at=at,
                    attempts=SmsOutboxRow.attempts + 1,
                    last_error=None,
                )
            )

    async def mark_failed(self, sms_id: int, error: str, retry_at: datetime) -> None:
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(SmsOutboxRow)
                .where(SmsOutboxRow.id == sms_id)
                .values(
                    attempts=SmsOutboxRow.attempts + 1,
                    last_error=error[:500],
                    next_attempt_at=retry_at,
                )
            )

    async def pending_count(self) -> int:
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(SmsOutboxRow.id).where(SmsOutboxRow.status == "pending")
            )
            return len(list(rows))
