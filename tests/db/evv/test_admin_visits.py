"""Visit reports and exports over visits written straight through the ORM."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.dates import DayRange
from app.systems.evv.admin.agencies import resolve_agency
from app.systems.evv.admin.export import write_csv, write_json
from app.systems.evv.admin.visit_report import (
    CodeName,
    ExceptionNote,
    Location,
    VisitPeriod,
    load_visits,
)
from tests.harness.evv_visits import VOICE, seed_visits

Sessions = async_sessionmaker[AsyncSession]
NEW_YORK = ZoneInfo("America/New_York")
WEEK = DayRange(date(2026, 11, 1), date(2026, 11, 7), NEW_YORK)


async def _week(sessions: Sessions, *, exceptions_only: bool = False) -> VisitPeriod:
    await seed_visits(sessions)
    agency = await resolve_agency(sessions, "100200")
    return await load_visits(sessions, agency, WEEK, exceptions_only=exceptions_only)


async def test_visits_of_the_agency_week_in_local_time(sessionmaker: Sessions) -> None:
    ids = await seed_visits(sessionmaker)
    period = await load_visits(sessionmaker, await resolve_agency(sessionmaker, "100200"), WEEK)
    assert [visit.id for visit in period.visits] == [ids["closed"], ids["no_call_in"], ids["open"]]
    closed, no_call_in, still_open = period.visits

    assert closed.caregiver == CodeName("1234", "Maria Lopez")
    assert closed.client == CodeName("1001", "John Smith")
    assert closed.service == CodeName("10", "Personal care")
    assert (
        closed.call_in_at is not None
        and closed.call_in_at.isoformat() == "2026-11-03T09:00:00-05:00"
    )
    assert closed.call_in == Location("15550001001", True)
    assert closed.call_out == Location("5550001001", True)
    assert closed.tasks == ("02", "01")  # entry order, not code order
    assert closed.duration_minutes == 62
    assert closed.recording_path == VOICE
    assert closed.exceptions == ()

    assert no_call_in.local_date == date(2026, 11, 3)  # 03:30 UTC on the 4th
    assert no_call_in.call_in is None
    assert no_call_in.call_out == Location("5559999999", False)
    assert no_call_in.exceptions == (
        ExceptionNote("call_out_without_call_in", ""),
        ExceptionNote("unknown_caller_number", "5559999999"),
    )
    assert still_open.local_date == date(2026, 11, 7)
    assert still_open.service is None and still_open.tasks == ()
    assert still_open.call_out is None


async def test_exceptions_only(sessionmaker: Sessions) -> None:
    period = await _week(sessionmaker, exceptions_only=True)
    assert [visit.exception_codes for visit in period.visits] == [
        ("call_out_without_call_in", "unknown_caller_number"),
        ("call_in_not_closed",),
    ]


async def test_json_export(sessionmaker: Sessions) -> None:
    period = await _week(sessionmaker)
    out = io.StringIO()
    write_json(period, out)
    document = json.loads(out.getvalue())
    assert document["agency"] == {
        "name": "Sunrise Home Care",
        "account_number": "100200",
        "timezone": "America/New_York",
    }
    assert (document["from"], document["to"]) == ("2026-11-01", "2026-11-07")
    closed, no_call_in, still_open = document["visits"]
    assert closed == {
        "visit_id": period.visits[0].id,
        "date": "2026-11-03",
        "service": {"code": "10", "name": "Personal care"},
        "client": {"code": "1001", "name": "John Smith"},
        "caregiver": {"code": "1234", "name": "Maria Lopez"},
        "location": {
            "call_in": {"number": "15550001001", "matched": True},
            "call_out": {"number": "5550001001", "matched": True},
        },
        "start": "2026-11-03T09:00:00-05:00",
        "end": "2026-11-03T10:01:30-05:00",
        "duration_minutes": 62,
        "tasks": ["02", "01"],
        "group_visit": False,
        "call_out_group_visit": False,
        "client_verification": "recorded",
        "times_verdict": "confirmed",
        "service_verdict": "confirmed",
        "recording": True,
        "exceptions": [],
    }
    assert no_call_in == {
        "visit_id": period.visits[1].id,
        "date": "2026-11-03",
        "service": {"code": "20", "name": "Homemaker"},
        "client": {"code": "1002", "name": "Mary Jones"},
        "caregiver": {"code": "5678", "name": "Ahmed Hassan"},
        "location": {"call_in": None, "call_out": {"number": "5559999999", "matched": False}},
        "start": None,
        "end": "2026-11-03T22:30:00-05:00",
        "duration_minutes": None,
        "tasks": ["05"],
        "group_visit": True,
        "call_out_group_visit": True,
        "client_verification": "declined",
        "times_verdict": None,
        "service_verdict": None,
        "recording": False,
        "exceptions": ["call_out_without_call_in", "unknown_caller_number"],
    }
    assert still_open == {
        "visit_id": period.visits[2].id,
        "date": "2026-11-07",
        "service": None,
        "client": {"code": "1003", "name": "Ali Warsame"},
        "caregiver": {"code": "1234", "name": "Maria Lopez"},
        "location": {"call_in": {"number": None, "matched": False}, "call_out": None},
        "start": "2026-11-07T23:30:00-05:00",
        "end": None,
        "duration_minutes": None,
        "tasks": [],
        "group_visit": False,
        "call_out_group_visit": None,
        "client_verification": None,
        "times_verdict": None,
        "service_verdict": None,
        "recording": False,
        "exceptions": ["call_in_not_closed"],
    }


async def test_csv_export(sessionmaker: Sessions) -> None:
    period = await _week(sessionmaker)
    out = io.StringIO(newline="")
    write_csv(period, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    closed, no_call_in, still_open = (visit.id for visit in period.visits)
    assert rows == [
        [
            "agency_account", "visit_id", "date", "service_code", "service_name", "client_code",
            "client_name", "caregiver_code", "caregiver_name", "start", "end", "duration_minutes",
            "call_in_number", "call_in_location_matched", "call_out_number",
            "call_out_location_matched", "group_visit", "call_out_group_visit", "tasks",
            "client_verification", "times_verdict", "service_verdict", "recording", "exceptions",
        ],
        [
            "100200", str(closed), "2026-11-03", "10", "Personal care", "1001", "John Smith",
            "1234", "Maria Lopez", "2026-11-03T09:00:00-05:00", "2026-11-03T10:01:30-05:00", "62",
            "15550001001", "y", "5550001001", "y", "n", "n", "02;01", "recorded", "confirmed",
            "confirmed", "y", "",
        ],
        [
            "100200", str(no_call_in), "2026-11-03", "20", "Homemaker", "1002", "Mary Jones",
            "5678", "Ahmed Hassan", "", "2026-11-03T22:30:00-05:00", "", "", "", "5559999999",
            "n", "y", "y", "05", "declined", "", "", "n",
            "call_out_without_call_in;unknown_caller_number",
        ],
        [
            "100200", str(still_open), "2026-11-07", "", "", "1003", "Ali Warsame", "1234",
            "Maria Lopez", "2026-11-07T23:30:00-05:00", "", "", "", "n", "", "", "n", "", "", "",
            "", "", "n", "call_in_not_closed",
        ],
    ]  # fmt: skip


async def test_an_empty_range(sessionmaker: Sessions) -> None:
    await seed_visits(sessionmaker)
    agency = await resolve_agency(sessionmaker, "100200")
    days = DayRange(date(2026, 12, 1), date(2026, 12, 31), NEW_YORK)
    assert (await load_visits(sessionmaker, agency, days)).visits == ()
