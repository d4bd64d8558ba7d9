"""Plain-text tables for the terminal: `visits list` and `visits exceptions`."""

from __future__ import annotations

from collections.abc import Sequence

from app.systems.evv.admin.visit_report import Location, VisitPeriod, VisitReport

EMPTY = "-"


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; the last column is never padded."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]))
    return "\n".join(lines)


def _time(visit: VisitReport, which: str) -> str:
    moment = visit.call_in_at if which == "in" else visit.call_out_at
    if moment is None:
        return EMPTY
    # A visit that ends on a later day than it started shows that day too.
    if moment.date() != visit.local_date:
        return f"{moment:%m-%d %H:%M}"
    return f"{moment:%H:%M}"


def _flag(location: Location | None) -> str:
    if location is None or location.matched is None:
        return EMPTY
    return "y" if location.matched else "n"


def _location(visit: VisitReport) -> str:
    """Call-in/call-out number matched the client's phone, e.g. "y/n"; "-" for no call."""
    return f"{_flag(visit.call_in)}/{_flag(visit.call_out)}"


VISIT_HEADER = (
    "id",
    "date",
    "in",
    "out",
    "min",
    "caregiver",
    "client",
    "service",
    "tasks",
    "location",
    "rec",
    "exceptions",
)


def visits_table(period: VisitPeriod) -> str:
    rows = []
    for visit in period.visits:
        minutes = visit.duration_minutes
        rows.append(
            (
                str(visit.id),
                visit.local_date.isoformat(),
                _time(visit, "in"),
                _time(visit, "out"),
                EMPTY if minutes is None else str(minutes),
                f"{visit.caregiver.code} {visit.caregiver.name}",
                f"{visit.client.code} {visit.client.name}",
                visit.service.code if visit.service else EMPTY,
                ",".join(visit.tasks) or EMPTY,
                _location(visit),
                "y" if visit.has_recording else "n",
                ",".join(visit.exception_codes) or EMPTY,
            )
        )
    return render_table(VISIT_HEADER, rows)


EXCEPTION_HEADER = ("visit", "date", "caregiver", "client", "exception", "detail")


def exceptions_table(period: VisitPeriod) -> str:
    rows = [
        (
            str(visit.id),
            visit.local_date.isoformat(),
            f"{visit.caregiver.code} {visit.caregiver.name}",
            f"{visit.client.code} {visit.client.name}",
            note.code,
            note.detail or EMPTY,
        )
        for visit in period.visits
        for note in visit.exceptions
    ]
    return render_table(EXCEPTION_HEADER, rows)
