"""`switchboard`: the admin CLI."""

# The one place the systems meet the platform: this module hands app.systems.SYSTEMS to
# the parser, the runner and the dialplan renderer (docs/layout.md).

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence

from app.admin.errors import AdminError
from app.config import Settings, load_settings
from app.pbx.phones import cli as phones_cli
from app.system import System
from app.systems import SYSTEMS

ASTERISK_COMMANDS = ("run", "serve", "render-config")


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("SWITCHBOARD_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic narrates every plugin it loads at INFO; migrations applied still show.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def build_parser(systems: Sequence[System] = SYSTEMS) -> argparse.ArgumentParser:
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
    phones_cli.add_parser(commands)

    for system in systems:
        system.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging()
    # Only the commands that configure or talk to Asterisk need its secrets; the others
    # must not create the runtime folder (and secrets file) just by reading the settings.
    settings = load_settings(generate_secrets=args.command in ASTERISK_COMMANDS)
    try:
        with asyncio.Runner(loop_factory=_event_loop_factory()) as runner:
            return runner.run(_dispatch(args, settings, SYSTEMS))
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


async def _dispatch(args: argparse.Namespace, settings: Settings, systems: Sequence[System]) -> int:
    # Each branch imports what its command needs: the controller, Alembic and the systems'
    # tables cost a list command most of its start-up otherwise.
    if args.command in ("run", "serve", "seed-demo"):
        from app import runner
        from app.admin.database import check_reachable

        await check_reachable(settings)
        if args.command == "run":
            await runner.run(settings, systems, demo=not args.no_demo)
        elif args.command == "serve":
            await runner.serve(settings, systems)
        else:
            await runner.prepare_database(settings, systems, demo=True)
    elif args.command == "render-config":
        from app.pbx.render import render_config

        print(render_config(settings, systems))
    elif args.command == "db":
        await _db(args, settings)
    elif args.command == phones_cli.COMMAND:
        return await phones_cli.run(args, settings)
    else:
        system = next(system for system in systems if args.command in system.commands)
        return await system.run_command(args, settings)
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


if __name__ == "__main__":
    sys.exit(main())
