"""EVV reference data and visits, as the domain's frozen dataclasses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import transaction
from app.db.errors import NotFoundError
from app.db.models import AgencyRow, CaregiverRow, ClientRow, VisitRow
from app.db.records import VisitRecord
from app.domain.evv import Agency, CallIn, Caregiver, Client


def _agency(row: AgencyRow) -> Agency:
    return Agency(
        id=row.id,
        name=row.name,
        account_number=row.account_number,
        max_clients=row.max_clients,
        max_visit_minutes=row.max_visit_minutes,
        timezone=row.timezone,
    )


def _caregiver(row: CaregiverRow) -> Caregiver:
    return Caregiver(id=row.id, agency_id=row.agency_id, code=row.code, name=row.name)


def _client(row: ClientRow) -> Client:
    return Client(id=row.id, agency_id=row.agency_id, code=row.code, name=row.name, phone=row.phone)


def _visit(row: VisitRow) -> VisitRecord:
    return VisitRecord(
        id=row.id,
        agency_id=row.agency_id,
        caregiver_id=row.caregiver_id,
        client_id=row.client_id,
        group_visit=row.group_visit,
        call_in_at=row.call_in_at,
        call_in_number=row.call_in_number,
        location_matched=row.call_in_location_matched,
        channel_id=row.call_in_channel,
        call_out_at=row.call_out_at,
        created_at=row.created_at,
    )


class EvvRepository:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def find_caregiver(self, code: str) -> Caregiver | None:
        """The active caregiver with this code; an inactive one is treated as unknown."""
        async with self._sessionmaker() as session:
            row = await session.scalar(
                select(CaregiverRow).where(CaregiverRow.code == code, CaregiverRow.active)
            )
            return _caregiver(row) if row else None

    async def get_agency(self, agency_id: int) -> Agency:
        async with self._sessionmaker() as session:
            row = await session.get(AgencyRow, agency_id)
            if row is None:
                raise NotFoundError(f"agency {agency_id}")
            return _agency(row)

    async def find_client(self, agency_id: int, code: str) -> Client | None:
        async with self._sessionmaker() as session:
            row = await session.scalar(
                select(ClientRow).where(ClientRow.agency_id == agency_id, ClientRow.code == code)
            )
            return _client(row) if row else None

    async def record_call_in(self, call_in: CallIn) -> int:
        """Store one client's call-in as a new visit; returns the visit id."""
        row = VisitRow(
            agency_id=call_in.agency_id,
            caregiver_id=call_in.caregiver_id,
            client_id=call_in.client_id,
            group_visit=call_in.group_visit,
            call_in_at=call_in.started_at,
            call_in_number=call_in.caller_number,
            call_in_location_matched=call_in.location_matched,
            call_in_channel=call_in.channel_id,
        )
        async with transaction(self._sessionmaker) as session:
            session.add(row)
            await session.flush()
            return row.id

    async def visits_for_channel(self, channel_id: str) -> list[VisitRecord]:
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(VisitRow).where(VisitRow.call_in_channel == channel_id).order_by(VisitRow.id)
            )
            return [_visit(row) for row in rows]

    async def list_visits(self, since: datetime, until: datetime) -> list[VisitRecord]:
        """Visits whose call-in falls in [since, until); both bounds timezone-aware."""
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(VisitRow)
                .where(VisitRow.call_in_at >= since, VisitRow.call_in_at < until)
                .order_by(VisitRow.call_in_at, VisitRow.id)
            )
            return [_visit(row) for row in rows]
