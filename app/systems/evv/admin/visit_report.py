"""Visits of one agency over local days, with caregiver, client, service, tasks and
exceptions joined in: the read model behind `visits list|exceptions|export`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.dates import DayRange
from app.systems.evv.models import (
    CaregiverRow,
    ClientRow,
    ServiceRow,
    TaskRow,
    VisitExceptionRow,
    VisitRow,
    VisitTaskRow,
)
from app.systems.evv.rules.reference import Agency

# Detail rows are fetched for this many visits at a time: the IN list stays well under
# every driver's bound-parameter limit.
DETAIL_CHUNK = 500


@dataclass(frozen=True)
class CodeName:
    code: str
    name: str


@dataclass(frozen=True)
class Location:
    """Where one call came from: the caller's number, matched to the client's phone."""

    number: str | None
    matched: bool | None


@dataclass(frozen=True)
class ExceptionNote:
    code: str
    detail: str


@dataclass(frozen=True)
class VisitReport:
    """One visit; times are aware and in the agency's time zone."""

    id: int
    caregiver: CodeName
    client: CodeName
    service: CodeName | None
    call_in_at: datetime | None
    call_out_at: datetime | None
    call_in: Location | None  # None: no call-in was made
    call_out: Location | None
    group_visit: bool
    call_out_group_visit: bool | None
    tasks: tuple[str, ...]  # task codes in the order they were entered
    client_verification: str | None
    times_verdict: str | None
    service_verdict: str | None
    recording_path: str | None
    exceptions: tuple[ExceptionNote, ...]  # sorted by code

    @property
    def started_at(self) -> datetime:
        started = self.call_in_at or self.call_out_at
        assert started is not None  # a visit is made by a call-in, a call-out or both
        return started

    @property
    def local_date(self) -> date:
        """The visit's day: its call-in's, or its call-out's when it has no call-in."""
        return self.started_at.date()

    @property
    def duration_minutes(self) -> int | None:
        """Whole minutes rounded half up, never negative: what the client heard read back."""
        if self.call_in_at is None or self.call_out_at is None:
            return None
        seconds = max(0.0, (self.call_out_at - self.call_in_at).total_seconds())
        return int((seconds + 30) // 60)

    @property
    def has_recording(self) -> bool:
        return self.recording_path is not None

    @property
    def exception_codes(self) -> tuple[str, ...]:
        return tuple(note.code for note in self.exceptions)


@dataclass(frozen=True)
class VisitPeriod:
    """Everything an export needs: whose visits, which days, and the visits in order."""

    agency: Agency
    days: DayRange
    visits: tuple[VisitReport, ...]


def _in_days(days: DayRange) -> ColumnElement[bool]:
    start, end = days.start_utc, days.end_utc
    # A visit belongs to the day of its call-in; one without a call-in (an exception)
    # to the day of its call-out. Two range tests, so each can use its column's order.
    return or_(
        and_(VisitRow.call_in_at >= start, VisitRow.call_in_at < end),
        and_(
            VisitRow.call_in_at.is_(None), VisitRow.call_out_at >= start, VisitRow.call_out_at < end
        ),
    )


async def _visit_rows(
    session: AsyncSession, agency: Agency, days: DayRange, exceptions_only: bool
) -> Sequence[tuple[VisitRow, CaregiverRow, ClientRow, ServiceRow | None]]:
    query = (
        select(VisitRow, CaregiverRow, ClientRow, ServiceRow)
        .join(CaregiverRow, CaregiverRow.id == VisitRow.caregiver_id)
        .join(ClientRow, ClientRow.id == VisitRow.client_id)
        .outerjoin(ServiceRow, ServiceRow.id == VisitRow.service_id)
        .where(VisitRow.agency_id == agency.id, _in_days(days))
    )
    if exceptions_only:
        query = query.where(exists().where(VisitExceptionRow.visit_id == VisitRow.id))
    return (await session.execute(query)).all()


async def _tasks(session: AsyncSession, visit_ids: list[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(visit_ids), DETAIL_CHUNK):
        rows = await session.execute(
            select(VisitTaskRow.visit_id, TaskRow.code)
            .join(TaskRow, TaskRow.id == VisitTaskRow.task_id)
            .where(VisitTaskRow.visit_id.in_(visit_ids[start : start + DETAIL_CHUNK]))
            .order_by(VisitTaskRow.visit_id, VisitTaskRow.position)
        )
        for visit_id, code in rows:
            found[visit_id].append(code)
    return {visit_id: tuple(codes) for visit_id, codes in found.items()}


async def _exceptions(
    session: AsyncSession, visit_ids: list[int]
) -> dict[int, tuple[ExceptionNote, ...]]:
    found: dict[int, list[ExceptionNote]] = defaultdict(list)
    for start in range(0, len(visit_ids), DETAIL_CHUNK):
        rows = await session.execute(
            select(VisitExceptionRow.visit_id, VisitExceptionRow.code, VisitExceptionRow.detail)
            .where(VisitExceptionRow.visit_id.in_(visit_ids[start : start + DETAIL_CHUNK]))
            .order_by(VisitExceptionRow.visit_id, VisitExceptionRow.code)
        )
        for visit_id, code, detail in rows:
            found[visit_id].append(ExceptionNote(code, detail))
    return {visit_id: tuple(notes) for visit_id, notes in found.items()}


def _report(
    row: tuple[VisitRow, CaregiverRow, ClientRow, ServiceRow | None],
    days: DayRange,
    tasks: tuple[str, ...],
    exceptions: tuple[ExceptionNote, ...],
) -> VisitReport:
    visit, caregiver, client, service = row
    zone = days.zone
    call_in_at = visit.call_in_at.astimezone(zone) if visit.call_in_at else None
    call_out_at = visit.call_out_at.astimezone(zone) if visit.call_out_at else None
    return VisitReport(
        id=visit.id,
        caregiver=CodeName(caregiver.code, caregiver.name),
        client=CodeName(client.code, client.name),
        service=CodeName(service.code, service.name) if service else None,
        call_in_at=call_in_at,
        call_out_at=call_out_at,
        call_in=(
            Location(visit.call_in_number, visit.call_in_location_matched) if call_in_at else None
        ),
        call_out=(
            Location(visit.call_out_number, visit.call_out_location_matched)
            if call_out_at
            else None
        ),
        group_visit=visit.group_visit,
        call_out_group_visit=visit.call_out_group_visit,
        tasks=tasks,
        client_verification=visit.client_verification,
        times_verdict=visit.times_verdict,
        service_verdict=visit.service_verdict,
        recording_path=visit.client_voice_path,
        exceptions=exceptions,
    )


async def load_visits(
    sessionmaker: async_sessionmaker[AsyncSession],
    agency: Agency,
    days: DayRange,
    *,
    exceptions_only: bool = False,
) -> VisitPeriod:
    """The agency's visits on these local days, ordered by start time, then id."""
    # One read transaction: the visits and their details are one consistent snapshot.
    async with sessionmaker() as session, session.begin():
        rows = await _visit_rows(session, agency, days, exceptions_only)
        ids = [row[0].id for row in rows]
        tasks = await _tasks(session, ids)
        exceptions = await _exceptions(session, ids)
        reports = [
            _report(row, days, tasks.get(row[0].id, ()), exceptions.get(row[0].id, ()))
            for row in rows
        ]
    reports.sort(key=lambda report: (report.started_at, report.id))
    return VisitPeriod(agency, days, tuple(reports))
