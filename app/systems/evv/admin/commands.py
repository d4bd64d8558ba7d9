"""The admin subcommands of `switchboard`: each prints its result and returns the exit
status (0 ok, 1 some rows rejected, 2 usage or fatal; AdminError means 2)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from app.admin import recordings
from app.admin.database import sessions as _database
from app.admin.dates import DayRange, zone_named
from app.admin.errors import AdminError
from app.config import Settings
from app.systems.evv.admin import export, recording, tables
from app.systems.evv.admin.agencies import NewAgency, add_agency, list_agencies, resolve_agency
from app.systems.evv.admin.kinds import Kind
from app.systems.evv.admin.visit_report import VisitPeriod, load_visits

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
EXIT_FATAL = 2
DEFAULT_DAYS = 7


async def agency_add(settings: Settings, new: NewAgency) -> int:
    async with _database(settings) as sessions:
        agency = await add_agency(sessions, new)
    print(f"agency {agency.account_number} ({agency.name}) added")
    return EXIT_OK


async def agency_list(settings: Settings) -> int:
    async with _database(settings) as sessions:
        agencies = await list_agencies(sessions)
    rows = [
        (a.account_number, a.name, str(a.max_clients), str(a.max_visit_minutes), a.timezone)
        for a in agencies
    ]
    print(tables.render_table(("account", "name", "max clients", "max minutes", "timezone"), rows))
    return EXIT_OK


async def import_reference(settings: Settings, kind: Kind, path: Path, account: str | None) -> int:
    # The CSV import's validation rules are only needed by this command.
    from app.systems.evv.admin.csv_import import import_file

    async with _database(settings) as sessions:
        report = await import_file(sessions, kind, account, path)
    for error in report.errors:
        print(error, file=sys.stderr)
    print(report.summary())
    return EXIT_ROW_ERRORS if report.errors else EXIT_OK


def day_range(first: date | None, last: date | None, zone_name: str) -> DayRange:
    """--from/--to as given; a missing end defaults to a week ending today (agency time)."""
    zone = zone_named(zone_name)
    if last is None:
        last = datetime.now(zone).date() if first is None else first + timedelta(DEFAULT_DAYS - 1)
    if first is None:
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    return DayRange(first, last, zone)


async def _period(
    settings: Settings,
    account: str | None,
    first: date | None,
    last: date | None,
    *,
    exceptions_only: bool = False,
) -> VisitPeriod:
    async with _database(settings) as sessions:
        agency = await resolve_agency(sessions, account)
        days = day_range(first, last, agency.timezone)
        return await load_visits(sessions, agency, days, exceptions_only=exceptions_only)


def _heading(period: VisitPeriod) -> str:
    agency, days = period.agency, period.days
    return (
        f"{agency.name} ({agency.account_number}), {days.first} to {days.last} "
        f"({agency.timezone}): {len(period.visits)} visits"
    )


async def visits_list(
    settings: Settings,
    account: str | None,
    first: date | None,
    last: date | None,
    exceptions_only: bool,
) -> int:
    period = await _period(settings, account, first, last, exceptions_only=exceptions_only)
    print(_heading(period))
    print(tables.visits_table(period))
    return EXIT_OK


async def visits_exceptions(
    settings: Settings, account: str | None, first: date | None, last: date | None
) -> int:
    period = await _period(settings, account, first, last, exceptions_only=True)
    print(_heading(period))
    print(tables.exceptions_table(period))
    return EXIT_OK


def _write_atomically(output: Path, write: Callable[[TextIO], None]) -> None:
    """Write next to `output`, then rename: an aggregator polling the folder never picks
    up half an export."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.")
    except OSError as error:
        raise AdminError(f"cannot write in {folder}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


async def visits_export(
    settings: Settings,
    account: str | None,
    first: date,
    last: date,
    fmt: str,
    output: Path | None,
) -> int:
    period = await _period(settings, account, first, last)
    write = export.write_csv if fmt == "csv" else export.write_json
    if output is None:
        try:
            write(period, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # `... | head`: the reader has all it wants. Point stdout at /dev/null so the
            # interpreter's final flush does not fail again, as the Python docs advise.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        _write_atomically(output, lambda out: write(period, out))
        print(f"{len(period.visits)} visits written to {output}", file=sys.stderr)
    return EXIT_OK


async def visits_recording(
    settings: Settings, visit_id: int, output: Path | None, overwrite: bool
) -> int:
    async with _database(settings) as sessions:
        source = await recording.find_recording(sessions, visit_id, settings.recordings_dir)
    if output == Path("-"):
        sys.stdout.flush()
        recordings.stream_recording(source, sys.stdout.buffer)
        return EXIT_OK
    target = output or recording.default_output(visit_id, source)
    written = recordings.copy_recording(source, target, overwrite=overwrite)
    print(f"visit {visit_id}: client voice copied to {written}")
    return EXIT_OK
