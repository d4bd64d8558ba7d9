"""`switchboard`: the admin CLI."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from app.config import Settings, load_settings


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("SWITCHBOARD_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _parse_day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


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

    visits = commands.add_parser("visits", help="list visits")
    visits.add_argument("--since", type=_parse_day, help="YYYY-MM-DD (UTC), default: 7 days ago")
    visits.add_argument("--until", type=_parse_day, help="YYYY-MM-DD (UTC), default: now")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging()
    settings = load_settings()
    try:
        return asyncio.run(_dispatch(args, settings))
    except KeyboardInterrupt:
        return 130


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from app import runner

    if args.command == "run":
        await runner.run(settings, demo=not args.no_demo)
    elif args.command == "serve":
        await runner.serve(settings)
    elif args.command == "render-config":
        from app.pbx.render import render_config

        print(render_config(settings))
    elif args.command == "db":
        from app.db.migrate import downgrade, upgrade

        if args.db_command == "upgrade":
            await upgrade(settings.database_url, args.revision)
        else:
            await downgrade(settings.database_url, args.revision)
        print(f"database at {args.revision}")
    elif args.command == "seed-demo":
        await runner.prepare_database(settings, demo=True)
    elif args.command == "visits":
        await _list_visits(settings, args.since, args.until)
    return 0


async def _list_visits(settings: Settings, since: datetime | None, until: datetime | None) -> None:
    from app.db.engine import make_engine, make_sessionmaker
    from app.db.evv_repository import EvvRepository

    until = until or datetime.now(UTC)
    since = since or until - timedelta(days=7)
    engine = make_engine(settings.database_url)
    try:
        visits = await EvvRepository(make_sessionmaker(engine)).list_visits(since, until)
    finally:
        await engine.dispose()
    print("id\tcall_in_at\tcaregiver\tclient\tgroup\tcaller\tlocation_ok")
    for visit in visits:
        print(
            f"{visit.id}\t{visit.call_in_at:%Y-%m-%d %H:%M:%S}\t{visit.caregiver_id}\t"
            f"{visit.client_id}\t{int(visit.group_visit)}\t{visit.call_in_number or '-'}\t"
            f"{int(visit.location_matched)}"
        )


if __name__ == "__main__":
    sys.exit(main())
