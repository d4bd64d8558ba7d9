"""`switchboard agency|import|visits ...`: the EVV line's admin commands (the CLI names are
the same as before the systems had packages of their own)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.admin.dates import parse_day
from app.admin.recordings import add_recording_output
from app.config import Settings
from app.systems.evv.admin.kinds import Kind

if TYPE_CHECKING:
    from app.system import SubParsers

COMMANDS = ("agency", "import", "visits")


def _parse_day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _add_agency_commands(commands: SubParsers) -> None:
    agency = commands.add_parser("agency", help="EVV agencies")
    agency_commands = agency.add_subparsers(dest="agency_command", required=True)
    add = agency_commands.add_parser("add", help="create an agency")
    add.add_argument("--name", required=True, help="company name")
    add.add_argument("--account", required=True, help="agency account number (digits)")
    add.add_argument("--max-clients", type=int, required=True, help="clients per call")
    add.add_argument("--max-visit-minutes", type=int, required=True, help="longest valid visit")
    add.add_argument("--timezone", default="America/New_York", help="IANA time zone")
    agency_commands.add_parser("list", help="list agencies")


def _agency_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agency", metavar="ACCOUNT", help="agency account number (optional with one agency)"
    )


def _add_import_command(commands: SubParsers) -> None:
    imports = commands.add_parser(
        "import",
        help="import reference data from CSV",
        description="Import caregivers (code,name[,active]), clients (code,name,phone"
        "[,address]), services or tasks (code,name) from a CSV file with a header row. "
        "Bad rows are reported as 'line N: problem' and skipped; exit status 1 if any.",
    )
    imports.add_argument("kind", choices=[kind.value for kind in Kind])
    imports.add_argument("file", type=Path, help="CSV file, UTF-8 (with or without BOM)")
    _agency_option(imports)


def _add_day_range(parser: argparse.ArgumentParser, *, required: bool) -> None:
    default = "" if required else ", default: a week ending today"
    parser.add_argument(
        "--from",
        dest="first",
        type=_parse_day,
        required=required,
        metavar="YYYY-MM-DD",
        help=f"first local day (agency time zone){default}",
    )
    parser.add_argument(
        "--to",
        dest="last",
        type=_parse_day,
        required=required,
        metavar="YYYY-MM-DD",
        help="last local day, inclusive",
    )


def _add_visits_commands(commands: SubParsers) -> None:
    visits = commands.add_parser("visits", help="EVV visits: list, exceptions, export, recording")
    visit_commands = visits.add_subparsers(dest="visits_command", required=True)
    listing = visit_commands.add_parser("list", help="visits by local date")
    _add_day_range(listing, required=False)
    _agency_option(listing)
    listing.add_argument(
        "--exceptions-only", action="store_true", help="only visits with exceptions"
    )
    exceptions = visit_commands.add_parser("exceptions", help="exceptions by local date")
    _add_day_range(exceptions, required=False)
    _agency_option(exceptions)
    exporting = visit_commands.add_parser("export", help="export for the state aggregator")
    _add_day_range(exporting, required=True)
    _agency_option(exporting)
    exporting.add_argument("--format", choices=("csv", "json"), default="csv")
    exporting.add_argument("--output", type=Path, help="file to write (default: stdout)")
    voice = visit_commands.add_parser("recording", help="copy a visit's client-voice WAV")
    voice.add_argument("visit_id", type=int)
    add_recording_output(voice, "./visit-ID-client-voice.wav")


def add_commands(commands: SubParsers) -> None:
    _add_agency_commands(commands)
    _add_import_command(commands)
    _add_visits_commands(commands)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    # An AdminError reaches `switchboard`'s main, which prints it as one line (exit 2).
    return await _admin(args, settings)


async def _admin(args: argparse.Namespace, settings: Settings) -> int:
    from app.systems.evv.admin import commands as admin
    from app.systems.evv.admin.agencies import NewAgency

    if args.command == "agency":
        if args.agency_command == "add":
            new = NewAgency(
                name=args.name,
                account_number=args.account,
                max_clients=args.max_clients,
                max_visit_minutes=args.max_visit_minutes,
                timezone=args.timezone,
            )
            return await admin.agency_add(settings, new)
        return await admin.agency_list(settings)
    if args.command == "import":
        return await admin.import_reference(settings, Kind(args.kind), args.file, args.agency)
    if args.visits_command == "list":
        return await admin.visits_list(
            settings, args.agency, args.first, args.last, args.exceptions_only
        )
    if args.visits_command == "exceptions":
        return await admin.visits_exceptions(settings, args.agency, args.first, args.last)
    if args.visits_command == "export":
        return await admin.visits_export(
            settings, args.agency, args.first, args.last, args.format, args.output
        )
    return await admin.visits_recording(settings, args.visit_id, args.output, args.force)
