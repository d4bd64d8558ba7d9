"""`switchboard`: the admin CLI."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.admin.dates import parse_day
from app.admin.errors import AdminError
from app.admin.kinds import Kind
from app.config import Settings, load_settings
from app.masking_cli import add_parser as add_masking_parser
from app.masking_cli import add_recording_output

ASTERISK_COMMANDS = ("run", "serve", "render-config")


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("SWITCHBOARD_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic narrates every plugin it loads at INFO; migrations applied still show.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def _parse_day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


if TYPE_CHECKING:
    # Generic only for type checkers; subscripting it at run time fails.
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="switchboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="render config, start Asterisk, migrate, serve calls")
    run.add_argument("--no-demo", action="store_true", help="do not seed the demo agency")
    commands.add_parser("serve", help="run the controller against an Asterisk already running")
    commands.add_parser("render-config", help="write the Asterisk configuration")

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    up = db_commands.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    down = db_commands.add_parser("downgrade", help="revert migrations")
    down.add_argument("revision")

    commands.add_parser("seed-demo", help="load the demo agency into an empty database")

    _add_agency_commands(commands)
    _add_import_command(commands)
    _add_visits_commands(commands)
    add_masking_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging()
    # Only the commands that configure or talk to Asterisk need its secrets; the others
    # must not create the runtime folder (and secrets file) just by reading the settings.
    settings = load_settings(generate_secrets=args.command in ASTERISK_COMMANDS)
    try:
        with asyncio.Runner(loop_factory=_event_loop_factory()) as runner:
            return runner.run(_dispatch(args, settings))
    except AdminError as error:
        # Every fatal problem the admin can fix: one line, nothing printed before it.
        print(f"switchboard: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop when installed: the controller's per-call cost is mostly event-loop work
    (socket reads and writes, wake-ups), which uvloop does in C (measured with `make bench`).
    SWITCHBOARD_EVENT_LOOP=asyncio keeps the standard loop."""
    if os.environ.get("SWITCHBOARD_EVENT_LOOP", "uvloop") == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    # Each branch imports what its command needs: the controller, Alembic and the masking
    # tables cost a list command most of its start-up otherwise.
    if args.command in ("run", "serve", "seed-demo"):
        from app import runner
        from app.admin.database import check_reachable

        await check_reachable(settings)
        if args.command == "run":
            await runner.run(settings, demo=not args.no_demo)
        elif args.command == "serve":
            await runner.serve(settings)
        else:
            await runner.prepare_database(settings, demo=True)
    elif args.command == "render-config":
        from app.pbx.render import render_config

        print(render_config(settings))
    elif args.command == "db":
        await _db(args, settings)
    elif args.command in ("agency", "import", "visits"):
        return await _admin(args, settings)
    elif args.command == "masking":
        from app import masking_cli

        return await masking_cli.run(args, settings)
    return 0


async def _db(args: argparse.Namespace, settings: Settings) -> None:
    from app.admin import database
    from app.db.migrate import downgrade, upgrade

    url = settings.database_url
    if args.db_command == "upgrade":
        path = database.sqlite_file(database.parse_database_url(url))
        if path is not None and not path.exists():
            print(f"creating a new database at {path}")
        else:
            await database.check_reachable(settings)
        await upgrade(url, args.revision)
    else:
        database.require_existing(url)
        await database.check_reachable(settings)
        await downgrade(url, args.revision)
    print(f"database at {args.revision}")


async def _admin(args: argparse.Namespace, settings: Settings) -> int:
    from app.admin import commands as admin
    from app.admin.agencies import NewAgency

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


if __name__ == "__main__":
    sys.exit(main())
