"""The aggregator's records, exactly, from hand-built visits (no database)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from app.admin.dates import DayRange
from app.systems.evv.admin.export import CSV_COLUMNS, period_json, write_csv, write_json
from app.systems.evv.admin.tables import exceptions_table, render_table, visits_table
from app.systems.evv.admin.visit_report import (
    CodeName,
    ExceptionNote,
    Location,
    VisitPeriod,
    VisitReport,
)
from app.systems.evv.rules.reference import Agency

EST = timezone(timedelta(hours=-5))
AGENCY = Agency(1, "Sunrise Home Care", "100200", 3, 720, "America/New_York")
DAYS = DayRange(date(2026, 11, 1), date(2026, 11, 7), ZoneInfo("America/New_York"))

CLOSED = VisitReport(
    id=7,
    caregiver=CodeName("1234", "Maria Lopez"),
    client=CodeName("1001", "John Smith"),
    service=CodeName("10", "Personal care"),
    call_in_at=datetime(2026, 11, 3, 9, 0, 0, tzinfo=EST),
    call_out_at=datetime(2026, 11, 3, 10, 1, 30, tzinfo=EST),  # 61.5 min rounds up
    call_in=Location("15550001001", True),
    call_out=Location("5550001001", True),
    group_visit=False,
    call_out_group_visit=False,
    tasks=("02", "01"),
    client_verification="recorded",
    times_verdict="confirmed",
    service_verdict="confirmed",
    recording_path="/var/spool/recording/evv-visit-7.wav",
    exceptions=(),
)
NO_CALL_IN = VisitReport(
    id=3,
    caregiver=CodeName("5678", "Ahmed Hassan"),
    client=CodeName("1002", "Mary Jones; Jr."),
    service=CodeName("20", "Homemaker"),
    call_in_at=None,
    call_out_at=datetime(2026, 11, 3, 22, 30, tzinfo=EST),
    call_in=None,
    call_out=Location("5559999999", False),
    group_visit=True,
    call_out_group_visit=True,
    tasks=("05",),
    client_verification="declined",
    times_verdict=None,
    service_verdict=None,
    recording_path=None,
    exceptions=(
        ExceptionNote("call_out_without_call_in", ""),
        ExceptionNote("unknown_caller_number", "5559999999"),
    ),
)
OPEN = VisitReport(
    id=9,
    caregiver=CodeName("1234", "Maria Lopez"),
    client=CodeName("1003", "Ali Warsame"),
    service=None,
    call_in_at=datetime(2026, 11, 7, 23, 30, tzinfo=EST),
    call_out_at=None,
    call_in=Location(None, False),
    call_out=None,
    group_visit=False,
    call_out_group_visit=None,
    tasks=(),
    client_verification=None,
    times_verdict=None,
    service_verdict=None,
    recording_path=None,
    exceptions=(ExceptionNote("call_in_not_closed", ""),),
)
PERIOD = VisitPeriod(AGENCY, DAYS, (CLOSED, NO_CALL_IN, OPEN))


def test_json_document() -> None:
    out = io.StringIO()
    write_json(PERIOD, out)
    document = json.loads(out.getvalue())
    assert document == period_json(PERIOD)
    assert document["agency"] == {
        "name": "Sunrise Home Care",
        "account_number": "100200",
        "timezone": "America/New_York",
    }
    assert (document["from"], document["to"]) == ("2026-11-01", "2026-11-07")
    assert [visit["visit_id"] for visit in document["visits"]] == [7, 3, 9]
    assert document["visits"][0] == {
        "visit_id": 7,
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
    assert document["visits"][1] == {
        "visit_id": 3,
        "date": "2026-11-03",
        "service": {"code": "20", "name": "Homemaker"},
        "client": {"code": "1002", "name": "Mary Jones; Jr."},
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
    assert document["visits"][2]["service"] is None
    assert document["visits"][2]["location"] == {
        "call_in": {"number": None, "matched": False},
        "call_out": None,
    }


def test_json_keeps_names_readable() -> None:
    named = replace(CLOSED, client=CodeName("1", "李伟"))
    out = io.StringIO()
    write_json(VisitPeriod(AGENCY, DAYS, (named,)), out)
    assert '"name": "李伟"' in out.getvalue()


def test_csv_rows() -> None:
    out = io.StringIO(newline="")
    write_csv(PERIOD, out)
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert text.splitlines()[1] == (
        "100200,7,2026-11-03,10,Personal care,1001,John Smith,1234,Maria Lopez,"
        "2026-11-03T09:00:00-05:00,2026-11-03T10:01:30-05:00,62,15550001001,y,5550001001,y,"
        "n,n,02;01,recorded,confirmed,confirmed,y,"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1] == {
        "agency_account": "100200",
        "visit_id": "3",
        "date": "2026-11-03",
        "service_code": "20",
        "service_name": "Homemaker",
        "client_code": "1002",
        "client_name": "Mary Jones; Jr.",
        "caregiver_code": "5678",
        "caregiver_name": "Ahmed Hassan",
        "start": "",
        "end": "2026-11-03T22:30:00-05:00",
        "duration_minutes": "",
        "call_in_number": "",
        "call_in_location_matched": "",
        "call_out_number": "5559999999",
        "call_out_location_matched": "n",
        "group_visit": "y",
        "call_out_group_visit": "y",
        "tasks": "05",
        "client_verification": "declined",
        "times_verdict": "",
        "service_verdict": "",
        "recording": "n",
        "exceptions": "call_out_without_call_in;unknown_caller_number",
    }
    assert rows[2]["service_code"] == "" and rows[2]["call_out_location_matched"] == ""
    assert rows[2]["call_in_location_matched"] == "n"
    assert text.endswith("\r\n")  # RFC 4180 line ends


def test_duration_never_negative_and_rounds_half_up() -> None:
    at = datetime(2026, 11, 3, 9, tzinfo=EST)
    for seconds, minutes in [(29, 0), (30, 1), (89, 1), (90, 2), (-600, 0)]:
        visit = replace(CLOSED, call_in_at=at, call_out_at=at + timedelta(seconds=seconds))
        assert visit.duration_minutes == minutes


def test_visits_table() -> None:
    lines = visits_table(PERIOD).splitlines()
    assert lines[0].split() == [
        "id", "date", "in", "out", "min", "caregiver", "client", "service", "tasks",
        "location", "rec", "exceptions",
    ]  # fmt: skip
    assert lines[1].split() == [
        "7", "2026-11-03", "09:00", "10:01", "62", "1234", "Maria", "Lopez", "1001", "John",
        "Smith", "10", "02,01", "y/y", "y", "-",
    ]  # fmt: skip
    assert lines[2].split()[:5] == ["3", "2026-11-03", "-", "22:30", "-"]
    assert lines[2].split()[-3:] == ["-/n", "n", "call_out_without_call_in,unknown_caller_number"]
    assert lines[3].split()[-3:] == ["n/-", "n", "call_in_not_closed"]
    # Columns line up: every row's client starts where the header's does.
    column = lines[0].index("client")
    assert [line[column : column + 4] for line in lines[1:]] == ["1001", "1002", "1003"]


def test_exceptions_table_has_one_row_per_exception() -> None:
    lines = exceptions_table(PERIOD).splitlines()
    assert [line.split()[0] for line in lines] == ["visit", "3", "3", "9"]
    assert lines[1].split()[-2:] == ["call_out_without_call_in", "-"]
    assert lines[2].split()[-2:] == ["unknown_caller_number", "5559999999"]


def test_render_table_pads_all_but_the_last_column() -> None:
    assert render_table(("a", "bb", "c"), [("xxx", "y", "z")]) == "a    bb  c\nxxx  y   z"
