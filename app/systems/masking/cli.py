"""`switchboard masking ...`: administer masked calling (seed 001).

Shoppers and the pool of fictitious numbers, pairings, masked calls, pending callbacks and
recordings. Pool changes are written into the dialplan of a running Asterisk at once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.calls.digits import digits_of
from app.config import Settings
from app.db.engine import make_engine, make_sessionmaker
from app.db.errors import NotFoundError
from app.systems.masking.pool import sync_pool
from app.systems.masking.repository import MaskingRepository


def _number(text: str) -> str:
    number = digits_of(text)
    if not number or len(number) > 20:
        raise argparse.ArgumentTypeError(f"not a phone number: {text!r}")
    return number


def _day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def add_parser(commands: Any) -> None:
    masking = commands.add_parser("masking", help="masked calling: shoppers, pool, calls")
    sub = masking.add_subparsers(dest="masking_command", required=True)
    shopper = sub.add_parser("add-shopper", help="register a shopper by real phone number")
    shopper.add_argument("name")
    shopper.add_argument("real_number", type=_number)
    shopper.add_argument(
        "--pair",
        action="append",
        type=_number,
        default=[],
        metavar="NUMBER",
        help="pair this pool number too (repeatable; IDs follow the order given)",
    )
    numbers = sub.add_parser("add-number", help="add fictitious numbers the operator owns")
    numbers.add_argument("numbers", nargs="+", type=_number)
    pair = sub.add_parser("pair", help="pair a pool number with a shopper")
    pair.add_argument("real_number", type=_number)
    pair.add_argument("number", type=_number)
    pair.add_argument("--id", type=int, dest="ordinal", help="the ID the shopper keys in")
    unpair = sub.add_parser("unpair", help="unpair a pool number from a shopper")
    unpair.add_argument("real_number", type=_number)
    unpair.add_argument("number", type=_number)
    sub.add_parser("shoppers", help="list shoppers and their fictitious numbers")
    calls = sub.add_parser("calls", help="list masked calls")
    calls.add_argument("--since", type=_day, help="YYYY-MM-DD (UTC), default: 7 days ago")
    calls.add_argument("--until", type=_day, help="YYYY-MM-DD (UTC), default: now")
    sub.add_parser("pending", help="list pending callbacks")
    recording = sub.add_parser("recording", help="fetch a masked call's recording")
    recording.add_argument("call_id", type=int)
    recording.add_argument("--out", type=Path, help="copy it here (default: print its path)")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    repo = MaskingRepository(make_sessionmaker(engine))
    try:
        return await _run(args, settings, repo)
    except NotFoundError as exc:
        print(f"switchboard: error: not found: {exc}", file=sys.stderr)
        return 2
    except IntegrityError:
        # The unique constraints say it: the shopper, number or pairing exists already.
        print(
            "switchboard: error: already exists (shopper, pool number, pairing or ID)",
            file=sys.stderr,
        )
        return 2
    finally:
        await engine.dispose()


async def _run(args: argparse.Namespace, settings: Settings, repo: MaskingRepository) -> int:
    command = args.masking_command
    now = datetime.now(UTC)
    if command == "add-shopper":
        shopper = await repo.add_shopper(args.name, args.real_number)
        print(f"shopper {shopper.id}: {shopper.name} {shopper.real_number}")
        for number in args.pair:
            pairing = await repo.pair(shopper.real_number, number)
            print(f"{shopper.real_number}: ID {pairing.ordinal} = {pairing.number}")
    elif command == "add-number":
        for number in args.numbers:
            await repo.add_fictitious_number(number)
        await _sync(settings, repo)
        print(f"pool: {', '.join(sorted(await repo.pool()))}")
    elif command == "pair":
        pairing = await repo.pair(args.real_number, args.number, args.ordinal)
        print(f"{args.real_number}: ID {pairing.ordinal} = {pairing.number}")
    elif command == "unpair":
        if not await repo.unpair(args.real_number, args.number):
            print(
                f"switchboard: error: {args.number} is not paired with {args.real_number}",
                file=sys.stderr,
            )
            return 2
        print(f"unpaired {args.number} from {args.real_number}")
    elif command == "shoppers":
        print("id\tname\treal_number\tfictitious (ID=number)")
        for shopper, pairings in await repo.list_shoppers():
            paired = " ".join(f"{p.ordinal}={p.number}" for p in pairings) or "-"
            print(f"{shopper.id}\t{shopper.name}\t{shopper.real_number}\t{paired}")
    elif command == "calls":
        until = args.until or now
        since = args.since or until - timedelta(days=7)
        print("id\tstarted_at\tdirection\tshopper\tpresented\tremote\toutcome\tseconds\trecording")
        for call in await repo.list_calls(since, until):
            seconds = f"{call.recording_seconds:.1f}" if call.recording_seconds else "-"
            print(
                f"{call.id}\t{call.started_at:%Y-%m-%d %H:%M:%S}\t{call.direction}\t"
                f"{call.shopper_number}\t{call.fictitious_number}\t{call.remote_number}\t"
                f"{call.outcome or 'in progress'}\t{seconds}\t{call.recording_path or '-'}"
            )
    elif command == "pending":
        print("id\tshopper\torder\tcaller\tto_fictitious\tmissed_at\texpires_at")
        for callback in await repo.all_open_callbacks(now):
            print(
                f"{callback.id}\t{callback.shopper_id}\t{callback.order_number}\t"
                f"{callback.caller_number}\t{callback.fictitious_number}\t"
                f"{callback.missed_at:%Y-%m-%d %H:%M}\t{callback.expires_at:%Y-%m-%d %H:%M}"
            )
    elif command == "recording":
        call = await repo.get_call(args.call_id)
        path = call.recording_path
        if not path or not await asyncio.to_thread(os.path.exists, path):
            print(f"switchboard: error: call {call.id} has no recording", file=sys.stderr)
            return 2
        if args.out is None:
            print(call.recording_path)
        else:
            await asyncio.to_thread(shutil.copyfile, path, args.out)
            print(f"wrote {args.out}")
    return 0


async def _sync(settings: Settings, repo: MaskingRepository) -> None:
    if not await sync_pool(settings, await repo.pool()):
        print("Asterisk is not running here; the pool reaches the dialplan at the next start")
