"""Visits as CSV and JSON for the state aggregator.

Each record carries the Cures Act's six EVV elements (service, client, date, location,
caregiver, start and end time) plus what an auditor needs to judge them. Output is
deterministic: same visits, same bytes.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from typing import Any, TextIO

from app.systems.evv.admin.visit_report import CodeName, Location, VisitPeriod, VisitReport

LIST_SEPARATOR = ";"
CSV_COLUMNS = (
    "agency_account",  # a CSV has no header document: each row says whose visit it is
    "visit_id",
    "date",
    "service_code",
    "service_name",
    "client_code",
    "client_name",
    "caregiver_code",
    "caregiver_name",
    "start",
    "end",
    "duration_minutes",
    "call_in_number",
    "call_in_location_matched",
    "call_out_number",
    "call_out_location_matched",
    "group_visit",
    "call_out_group_visit",
    "tasks",
    "client_verification",
    "times_verdict",
    "service_verdict",
    "recording",
    "exceptions",
)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 to the second with the agency's UTC offset, e.g. 2026-11-03T09:00:00-05:00."""
    return moment.isoformat(timespec="seconds") if moment else None


def _code_name(value: CodeName | None) -> dict[str, str] | None:
    return {"code": value.code, "name": value.name} if value else None


def _location(value: Location | None) -> dict[str, Any] | None:
    return {"number": value.number, "matched": value.matched} if value else None


def visit_json(visit: VisitReport) -> dict[str, Any]:
    return {
        "visit_id": visit.id,
        "date": visit.local_date.isoformat(),
        "service": _code_name(visit.service),
        "client": _code_name(visit.client),
        "caregiver": _code_name(visit.caregiver),
        "location": {"call_in": _location(visit.call_in), "call_out": _location(visit.call_out)},
        "start": iso(visit.call_in_at),
        "end": iso(visit.call_out_at),
        "duration_minutes": visit.duration_minutes,
        "tasks": list(visit.tasks),
        "group_visit": visit.group_visit,
        "call_out_group_visit": visit.call_out_group_visit,
        "client_verification": visit.client_verification,
        "times_verdict": visit.times_verdict,
        "service_verdict": visit.service_verdict,
        "recording": visit.has_recording,
        "exceptions": list(visit.exception_codes),
    }


def period_json(period: VisitPeriod) -> dict[str, Any]:
    agency = period.agency
    return {
        "agency": {
            "name": agency.name,
            "account_number": agency.account_number,
            "timezone": agency.timezone,
        },
        "from": period.days.first.isoformat(),
        "to": period.days.last.isoformat(),
        "visits": [visit_json(visit) for visit in period.visits],
    }


def write_json(period: VisitPeriod, out: TextIO) -> None:
    # ensure_ascii=False: names stay readable (Ахмед, 李伟) in a UTF-8 file.
    json.dump(period_json(period), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _flag(value: bool | None) -> str:
    """y/n, empty when unknown: no spreadsheet mistakes it for a number."""
    return "" if value is None else "y" if value else "n"


def visit_csv_row(visit: VisitReport, agency_account: str) -> dict[str, str]:
    call_in = visit.call_in or Location(None, None)
    call_out = visit.call_out or Location(None, None)
    duration = visit.duration_minutes
    return {
        "agency_account": agency_account,
        "visit_id": str(visit.id),
        "date": visit.local_date.isoformat(),
        "service_code": visit.service.code if visit.service else "",
        "service_name": visit.service.name if visit.service else "",
        "client_code": visit.client.code,
        "client_name": visit.client.name,
        "caregiver_code": visit.caregiver.code,
        "caregiver_name": visit.caregiver.name,
        "start": iso(visit.call_in_at) or "",
        "end": iso(visit.call_out_at) or "",
        "duration_minutes": "" if duration is None else str(duration),
        "call_in_number": call_in.number or "",
        "call_in_location_matched": _flag(call_in.matched),
        "call_out_number": call_out.number or "",
        "call_out_location_matched": _flag(call_out.matched),
        "group_visit": _flag(visit.group_visit),
        "call_out_group_visit": _flag(visit.call_out_group_visit),
        "tasks": LIST_SEPARATOR.join(visit.tasks),
        "client_verification": visit.client_verification or "",
        "times_verdict": visit.times_verdict or "",
        "service_verdict": visit.service_verdict or "",
        "recording": _flag(visit.has_recording),
        "exceptions": LIST_SEPARATOR.join(visit.exception_codes),
    }


def write_csv(period: VisitPeriod, out: TextIO) -> None:
    """Header row, then one row per visit. `out` must be opened with newline=""."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for visit in period.visits:
        writer.writerow(visit_csv_row(visit, period.agency.account_number))
