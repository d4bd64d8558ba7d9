"""A week of EVV visits in the database, for the admin report and CLI tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import transaction
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

VOICE = "/srv/switchboard/spool/recording/evv-visit-closed.wav"


Sessions = async_sessionmaker[AsyncSession]


def utc(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """An instant in November 2026."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


async def seed_visits(sessions: Sessions, voice_path: str = VOICE) -> dict[str, int]:
    """Two agencies and visits around the week of 2026-11-01 (New York time).

    Returns visit ids by name. Rows go in out of time order, so ordering by id would
    show up in the results.
    """
    async with transaction(sessions) as session:
        agency = AgencyRow(
            name="Sunrise Home Care", account_number="100200", max_clients=3,
            max_visit_minutes=720, timezone="America/New_York",
        )  # fmt: skip
        other = AgencyRow(
            name="Other Care", account_number="300400", max_clients=3, max_visit_minutes=720,
            timezone="America/Chicago",
        )  # fmt: skip
        session.add_all([agency, other])
        await session.flush()
        maria = CaregiverRow(agency_id=agency.id, code="1234", name="Maria Lopez")
        ahmed = CaregiverRow(agency_id=agency.id, code="5678", name="Ahmed Hassan")
        stranger = CaregiverRow(agency_id=other.id, code="9999", name="Someone Else")
        john = ClientRow(agency_id=agency.id, code="1001", name="John Smith", phone="5550001001")
        mary = ClientRow(agency_id=agency.id, code="1002", name="Mary Jones", phone="5550001002")
        ali = ClientRow(agency_id=agency.id, code="1003", name="Ali Warsame", phone="5550001003")
        theirs = ClientRow(agency_id=other.id, code="1001", name="Not John", phone="5550009999")
        care = ServiceRow(agency_id=agency.id, code="10", name="Personal care")
        home = ServiceRow(agency_id=agency.id, code="20", name="Homemaker")
        bathing = TaskRow(agency_id=agency.id, code="01", name="Bathing")
        dressing = TaskRow(agency_id=agency.id, code="02", name="Dressing")
        cleaning = TaskRow(agency_id=agency.id, code="05", name="Light housekeeping")
        session.add_all([maria, ahmed, stranger, john, mary, ali, theirs])
        session.add_all([care, home, bathing, dressing, cleaning])
        await session.flush()

        def call_in(caregiver: CaregiverRow, client: ClientRow, at: datetime) -> VisitRow:
            return VisitRow(
                agency_id=client.agency_id, caregiver_id=caregiver.id, client_id=client.id,
                group_visit=False, call_in_at=at, call_in_number=client.phone,
                call_in_location_matched=True, call_in_channel=f"chan-{at:%d%H%M}",
            )  # fmt: skip

        visits = {
            # Saturday 23:30 local: the last visit of the week although it is Sunday in UTC.
            "open": VisitRow(
                agency_id=agency.id,
                caregiver_id=maria.id,
                client_id=ali.id,
                group_visit=False,
                call_in_at=utc(8, 4, 30),
                call_in_number=None,
                call_in_location_matched=False,
                call_in_channel="chan-open",
            ),
            "no_call_in": VisitRow(
                agency_id=agency.id,
                caregiver_id=ahmed.id,
                client_id=mary.id,
                group_visit=True,
                call_in_location_matched=False,
                call_out_at=utc(4, 3, 30),
                call_out_number="5559999999",
                call_out_location_matched=False,
                call_out_channel="chan-out",
                call_out_group_visit=True,
                service_id=home.id,
                client_verification="declined",
            ),
            "closed": VisitRow(
                agency_id=agency.id,
                caregiver_id=maria.id,
                client_id=john.id,
                group_visit=False,
                call_in_at=utc(3, 14, 0),
                call_in_number="15550001001",
                call_in_location_matched=True,
                call_in_channel="chan-in",
                call_out_at=utc(3, 15, 1, 30),
                call_out_number="5550001001",
                call_out_location_matched=True,
                call_out_channel="chan-out-2",
                call_out_group_visit=False,
                service_id=care.id,
                client_verification="recorded",
                client_voice_path=voice_path,
                client_voice_seconds=4.5,
                times_verdict="confirmed",
                service_verdict="confirmed",
            ),
            # Outside the week in New York time, inside it in UTC.
            "next_week": call_in(maria, john, utc(8, 5, 30)),
            "last_month": call_in(maria, john, utc(1, 3, 59)),
            "other_agency": call_in(stranger, theirs, utc(3, 15, 0)),
        }
        session.add_all(visits.values())
        await session.flush()
        session.add_all(
            [
                VisitTaskRow(visit_id=visits["closed"].id, task_id=bathing.id, position=2),
                VisitTaskRow(visit_id=visits["closed"].id, task_id=dressing.id, position=1),
                VisitTaskRow(visit_id=visits["no_call_in"].id, task_id=cleaning.id, position=1),
                VisitExceptionRow(
                    visit_id=visits["no_call_in"].id,
                    code="unknown_caller_number",
                    detail="5559999999",
                ),
                VisitExceptionRow(
                    visit_id=visits["no_call_in"].id, code="call_out_without_call_in"
                ),
                VisitExceptionRow(visit_id=visits["open"].id, code="call_in_not_closed"),
                VisitExceptionRow(visit_id=visits["next_week"].id, code="call_in_not_closed"),
            ]
        )
        await session.flush()
        return {name: row.id for name, row in visits.items()}
