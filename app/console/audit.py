"""The audit trail: every console action and every staff change, with who, what and when."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.console.models import StaffAuditRow


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    staff_id: int | None
    action: str
    detail: dict[str, object]
    client_address: str | None


class AuditTrail:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def record(
        self,
        now: datetime,
        actor: str,
        action: str,
        detail: Mapping[str, object] | None = None,
        *,
        staff_id: int | None = None,
        client_address: str | None = None,
    ) -> None:
        row = StaffAuditRow(
            at=now,
            staff_id=staff_id,
            actor=actor[:80],
            action=action[:64],
            detail=json.dumps(dict(detail or {}), ensure_ascii=False, default=str),
            client_address=client_address,
        )
        async with self.sessionmaker() as session:
            session.add(row)
            await session.commit()

    async def latest(self, limit: int = 100) -> list[AuditEntry]:
        async with self.sessionmaker() as session:
            rows = await session.scalars(
                select(StaffAuditRow).order_by(StaffAuditRow.id.desc()).limit(limit)
            )
            return [
                AuditEntry(
                    row.at,
                    row.actor,
                    row.staff_id,
                    row.action,
                    json.loads(row.detail or "{}"),
                    row.client_address,
                )
                for row in rows
            ]
