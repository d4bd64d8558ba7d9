"""EVV reference data and visits, as the domain's frozen dataclasses."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import engine_of, transaction
from app.db.errors import NotFoundError
from app.systems.evv.models import (
    AgencyRow,
    CaregiverRow,
    ClientRow,
    ServiceRow,
    TaskRow,
    VisitExceptionRow,
    VisitRow,
    VisitTaskRow,
)
from app.systems.evv.records import VisitRecord
from app.systems.evv.rules.reference import (
    Agency,
    CallIn,
    Caregiver,
    Client,
    ClosedVisit,
    Service,
    Task,
)
from app.systems.evv.rules.visits import (
    CALL_IN_WINDOW,
    CallOut,
    ClientVerification,
    Verdict,
    VisitException,
    call_in_exceptions,
    call_out_exceptions,
    is_stale_call_in,
    verification_exceptions,
)


def _visit(
    row: VisitRow, task_ids: tuple[int, ...] = (), exceptions: frozenset[str] = frozenset()
) -> VisitRecord:
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
        call_out_channel=row.call_out_channel,
        service_id=row.service_id,
        task_ids=task_ids,
        client_verification=row.client_verification,
        client_voice_path=row.client_voice_path,
        times_verdict=row.times_verdict,
        service_verdict=row.service_verdict,
        exceptions=exceptions,
    )


# The lookups and the write every call-in makes, as Core statements built once: no ORM
# unit of work, no identity map, and SQLAlchemy's cache key is computed once per statement
# object instead of per call (the ORM versions were a quarter of the controller's CPU in
# `make bench`).
_CAREGIVER_BY_CODE = select(
    CaregiverRow.id, CaregiverRow.agency_id, CaregiverRow.code, CaregiverRow.name
).where(CaregiverRow.code == bindparam("code"), CaregiverRow.active)
_AGENCY_BY_ID = select(
    AgencyRow.id,
    AgencyRow.name,
    AgencyRow.account_number,
    AgencyRow.max_clients,
    AgencyRow.max_visit_minutes,
    AgencyRow.timezone,
).where(AgencyRow.id == bindparam("agency_id"))
_CLIENT_BY_CODE = select(
    ClientRow.id, ClientRow.agency_id, ClientRow.code, ClientRow.name, ClientRow.phone
).where(ClientRow.agency_id == bindparam("agency_id"), ClientRow.code == bindparam("code"))
_INSERT_VISIT = insert(VisitRow).returning(VisitRow.id)
_INSERT_EXCEPTION = insert(VisitExceptionRow)


class AgencyColumns(Protocol):
    """What an ORM `AgencyRow` and a Core row of the agency's columns both offer."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def account_number(self) -> str: ...
    @property
    def max_clients(self) -> int: ...
    @property
    def max_visit_minutes(self) -> int: ...
    @property
    def timezone(self) -> str: ...


def agency_of(row: AgencyColumns) -> Agency:
    """An agency from its ORM row or a Core row of the same columns."""
    return Agency(
        id=row.id,
        name=row.name,
        account_number=row.account_number,
        max_clients=row.max_clients,
        max_visit_minutes=row.max_visit_minutes,
        timezone=row.timezone,
    )


# Every call reads its agency (time zone, client limit) and an agency has many callers at
# once: an agency row read less than this long ago is reused. An edit made with the admin
# CLI reaches calls that start after this many seconds.
AGENCY_FRESH_SECONDS = 5.0


class EvvRepository:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._engine = engine_of(sessionmaker)
        self._clock = clock
        self._agencies: dict[int, tuple[float, Agency]] = {}

    async def find_caregiver(self, code: str) -> Caregiver | None:
        """The active caregiver with this code; an inactive one is treated as unknown."""
        async with self._engine.connect() as connection:
            row = (await connection.execute(_CAREGIVER_BY_CODE, {"code": code})).first()
        if row is None:
            return None
        return Caregiver(id=row.id, agency_id=row.agency_id, code=row.code, name=row.name)

    async def get_agency(self, agency_id: int) -> Agency:
        now = self._clock()
        fresh = self._agencies.get(agency_id)
        if fresh is not None and now - fresh[0] < AGENCY_FRESH_SECONDS:
            return fresh[1]
        async with self._engine.connect() as connection:
            row = (await connection.execute(_AGENCY_BY_ID, {"agency_id": agency_id})).first()
        if row is None:
            raise NotFoundError(f"agency {agency_id}")
        agency = agency_of(row)
        self._agencies[agency_id] = (now, agency)
        return agency

    async def find_client(self, agency_id: int, code: str) -> Client | None:
        async with self._engine.connect() as connection:
            params = {"agency_id": agency_id, "code": code}
            row = (await connection.execute(_CLIENT_BY_CODE, params)).first()
        if row is None:
            return None
        return Client(
            id=row.id, agency_id=row.agency_id, code=row.code, name=row.name, phone=row.phone
        )

    async def record_call_in(self, call_in: CallIn) -> int:
        """Store one client's call-in as a new visit; returns the visit id."""
        visit = {
            "agency_id": call_in.agency_id,
            "caregiver_id": call_in.caregiver_id,
            "client_id": call_in.client_id,
            "group_visit": call_in.group_visit,
            "call_in_at": call_in.started_at,
            "call_in_number": call_in.caller_number,
            "call_in_location_matched": call_in.location_matched,
            "call_in_channel": call_in.channel_id,
        }
        async with self._engine.begin() as connection:
            visit_id = int((await connection.execute(_INSERT_VISIT, visit)).scalar_one())
            codes = sorted(call_in_exceptions(call_in.location_matched))
            if codes:
                await connection.execute(
                    _INSERT_EXCEPTION,
                    [
                        {
                            "visit_id": visit_id,
                            "code": str(code),
                            "detail": _detail(code, call_in.caller_number),
                        }
                        for code in codes
                    ],
                )
        return visit_id

    async def find_service(self, agency_id: int, code: str) -> Service | None:
        async with self._sessionmaker() as session:
            row = await session.scalar(
                select(ServiceRow).where(ServiceRow.agency_id == agency_id, ServiceRow.code == code)
            )
            return Service(row.id, row.agency_id, row.code, row.name) if row else None

    async def count_tasks(self, agency_id: int) -> int:
        async with self._sessionmaker() as session:
            count = await session.scalar(
                select(func.count()).select_from(TaskRow).where(TaskRow.agency_id == agency_id)
            )
            return int(count or 0)

    async def find_task(self, agency_id: int, code: str) -> Task | None:
        async with self._sessionmaker() as session:
            row = await session.scalar(
                select(TaskRow).where(TaskRow.agency_id == agency_id, TaskRow.code == code)
            )
            return Task(row.id, row.agency_id, row.code, row.name) if row else None

    async def record_call_out(self, call_out: CallOut, max_visit_minutes: int) -> ClosedVisit:
        """Close the caregiver's latest open call-in for the client, or open-and-close a visit
        that has none (an exception). The close is a conditional UPDATE, so two calls for the
        same caregiver can never close one visit twice."""
        async with transaction(self._sessionmaker) as session:
            # The first statement writes, so SQLite takes its write lock up front instead of
            # failing to upgrade a read lock under concurrency.
            closed = await _close_latest_open_visit(session, call_out)
            if closed is None:
                row = VisitRow(
                    agency_id=call_out.agency_id,
                    caregiver_id=call_out.caregiver_id,
                    client_id=call_out.client_id,
                    group_visit=call_out.group_visit,
                    call_in_location_matched=False,
                    **_call_out_values(call_out),
                )
                session.add(row)
                await session.flush()
                visit_id, call_in_at = row.id, None
            else:
                visit_id, call_in_at = closed
            for position, task_id in enumerate(call_out.task_ids, start=1):
                session.add(VisitTaskRow(visit_id=visit_id, task_id=task_id, position=position))
            codes = set(call_out_exceptions(call_in_at, call_out, max_visit_minutes))
            if VisitException.UNKNOWN_CALLER_NUMBER in codes:
                codes.discard(VisitException.UNKNOWN_CALLER_NUMBER)
                await _add_unknown_call_out_number(session, visit_id, call_out.caller_number)
            _add_exceptions(session, visit_id, codes)
        return ClosedVisit(visit_id, call_in_at, call_out.ended_at)

    async def record_client_voice(self, visit_id: int, path: str, seconds: float) -> None:
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(VisitRow)
                .where(VisitRow.id == visit_id)
                .values(
                    client_voice_path=path,
                    client_voice_seconds=seconds,
                    client_verification=ClientVerification.RECORDED.value,
                )
            )

    async def record_verification(
        self,
        visit_id: int,
        *,
        client: ClientVerification | None = None,
        times: Verdict | None = None,
        service: Verdict | None = None,
    ) -> None:
        """Store the client's answers as they come, each with the exception it implies."""
        values: dict[str, str] = {}
        if client is not None:
            values["client_verification"] = client.value
        if times is not None:
            values["times_verdict"] = times.value
        if service is not None:
            values["service_verdict"] = service.value
        if not values:
            return
        async with transaction(self._sessionmaker) as session:
            await session.execute(update(VisitRow).where(VisitRow.id == visit_id).values(**values))
            _add_exceptions(session, visit_id, verification_exceptions(client, times, service))

    async def flag_stale_call_ins(self, now: datetime) -> int:
        """Mark open call-ins older than their agency's longest visit as never closed."""
        flagged = 0
        async with transaction(self._sessionmaker) as session:
            rows = await session.execute(
                select(VisitRow.id, VisitRow.call_in_at, AgencyRow.max_visit_minutes)
                .join(AgencyRow, AgencyRow.id == VisitRow.agency_id)
                .where(VisitRow.call_out_at.is_(None), VisitRow.call_in_at.is_not(None))
            )
            for visit_id, call_in_at, max_minutes in rows.all():
                if call_in_at is not None and is_stale_call_in(call_in_at, now, max_minutes):
                    flagged += await _add_exception_once(
                        session, visit_id, VisitException.CALL_IN_NOT_CLOSED
                    )
        return flagged

    async def get_visit(self, visit_id: int) -> VisitRecord | None:
        async with self._sessionmaker() as session:
            row = await session.get(VisitRow, visit_id)
            return await _full_visit(session, row) if row else None

    async def visits_for_channel(self, channel_id: str) -> list[VisitRecord]:
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(VisitRow)
                .where(
                    (VisitRow.call_in_channel == channel_id)
                    | (VisitRow.call_out_channel == channel_id)
                )
                .order_by(VisitRow.id)
            )
            return [await _full_visit(session, row) for row in rows]

    async def list_visits(self, since: datetime, until: datetime) -> list[VisitRecord]:
        """Visits whose call-in falls in [since, until); both bounds timezone-aware."""
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(VisitRow)
                .where(VisitRow.call_in_at >= since, VisitRow.call_in_at < until)
                .order_by(VisitRow.call_in_at, VisitRow.id)
            )
            return [_visit(row) for row in rows]


def _call_out_values(call_out: CallOut) -> dict[str, object]:
    return {
        "call_out_at": call_out.ended_at,
        "call_out_number": call_out.caller_number,
        "call_out_location_matched": call_out.location_matched,
        "call_out_channel": call_out.channel_id,
        "call_out_group_visit": call_out.group_visit,
        "service_id": call_out.service_id,
    }


async def _close_latest_open_visit(
    session: AsyncSession, call_out: CallOut
) -> tuple[int, datetime | None] | None:
    """One conditional UPDATE: the latest open call-in of this caregiver for this client
    within the window gets the call-out, unless another call closed it first."""
    open_visits = (
        VisitRow.caregiver_id == call_out.caregiver_id,
        VisitRow.client_id == call_out.client_id,
        VisitRow.call_out_at.is_(None),
        VisitRow.call_in_at >= call_out.ended_at - CALL_IN_WINDOW,
        VisitRow.call_in_at <= call_out.ended_at,
    )
    for _ in range(3):
        latest = (
            select(VisitRow.id)
            .where(*open_visits)
            .order_by(VisitRow.call_in_at.desc(), VisitRow.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        result = await session.execute(
            update(VisitRow)
            .where(VisitRow.id == latest, VisitRow.call_out_at.is_(None))
            .values(**_call_out_values(call_out))
            .returning(VisitRow.id, VisitRow.call_in_at)
            .execution_options(synchronize_session=False)
        )
        row = result.first()
        if row is not None:
            return int(row[0]), row[1]
        # Nothing open, or (PostgreSQL) a concurrent call closed our pick first: look again.
        if await session.scalar(select(VisitRow.id).where(*open_visits).limit(1)) is None:
            return None
    return None


NO_CALLER_ID = "no caller ID"


def _detail(code: str, caller_number: str | None) -> str:
    """What an auditor needs beside the code: the number an unknown caller called from."""
    if code == VisitException.UNKNOWN_CALLER_NUMBER:
        return caller_number or NO_CALLER_ID
    return ""


async def _add_unknown_call_out_number(
    session: AsyncSession, visit_id: int, caller_number: str | None
) -> None:
    """One exception per code and visit: a call-in already flagged from an unknown phone
    gets the call-out's number added to its detail instead of a second row (which the
    unique constraint would refuse, losing the call-out)."""
    number = caller_number or NO_CALLER_ID
    existing = await session.scalar(
        select(VisitExceptionRow).where(
            VisitExceptionRow.visit_id == visit_id,
            VisitExceptionRow.code == VisitException.UNKNOWN_CALLER_NUMBER,
        )
    )
    if existing is None:
        session.add(
            VisitExceptionRow(
                visit_id=visit_id, code=VisitException.UNKNOWN_CALLER_NUMBER, detail=number
            )
        )
    elif not existing.detail:  # flagged before the number was kept
        existing.detail = number
    elif existing.detail != number:
        existing.detail = f"{existing.detail} (call-in), {number} (call-out)"[:300]


def _add_exceptions(session: AsyncSession, visit_id: int, codes: Iterable[str]) -> None:
    for code in sorted(codes):
        session.add(VisitExceptionRow(visit_id=visit_id, code=str(code)))


async def _add_exception_once(session: AsyncSession, visit_id: int, code: str) -> int:
    present = await session.scalar(
        select(VisitExceptionRow.id).where(
            VisitExceptionRow.visit_id == visit_id, VisitExceptionRow.code == code
        )
    )
    if present is not None:
        return 0
    session.add(VisitExceptionRow(visit_id=visit_id, code=code))
    return 1


async def _full_visit(session: AsyncSession, row: VisitRow) -> VisitRecord:
    task_ids = await session.scalars(
        select(VisitTaskRow.task_id)
        .where(VisitTaskRow.visit_id == row.id)
        .order_by(VisitTaskRow.position)
    )
    codes = await session.scalars(
        select(VisitExceptionRow.code).where(VisitExceptionRow.visit_id == row.id)
    )
    return _visit(row, tuple(task_ids), frozenset(codes))
