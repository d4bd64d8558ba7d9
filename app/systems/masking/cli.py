"""`switchboard masking ...`: administer masked calling (seed 001).

Shoppers and the pool of fictitious numbers, pairings, masked calls, pending callbacks and
recordings. Pool changes are written into the dialplan of a running Asterisk at once.
Times are shown, and days read, in the masking line's time zone
(SWITCHBOARD_MASKING_TIMEZONE), as the shoppers' SMS give them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.admin.dates import zone_named
from app.admin.errors import AdminError
from app.admin.recordings import add_recording_output
from app.calls.digits import digits_of
from app.calls.languages import LineLanguages
from app.config import Settings
from app.systems.masking.settings import load_masking

if TYPE_CHECKING:
    from app.systems.masking.repository import MaskingRepository

DEFAULT_DAYS = 7
WHEN_FORMS = "YYYY-MM-DD (a whole day) or YYYY-MM-DDTHH:MM"


def _number(text: str) -> str:
    number = digits_of(text)
    if not number or len(number) > 20:
        raise argparse.ArgumentTypeError(f"not a phone number: {text!r}")
    return number


def parse_when(text: str) -> date | datetime:
    """A day or a local wall-clock time, for --since/--until (zone applied later: it is a
    setting, not known while the arguments are parsed)."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {WHEN_FORMS}, got {text!r}") from None
    if moment.tzinfo is not None:
        raise argparse.ArgumentTypeError(
            f"give a local time without an offset ({WHEN_FORMS}), got {text!r}"
        )
    return moment


def _instant(when: date | datetime, zone: ZoneInfo, *, end_of_day: bool) -> datetime:
    if isinstance(when, datetime):
        return when.replace(tzinfo=zone).astimezone(UTC)
    # --until with a day includes that day, as `visits list --to` does.
    day = when + timedelta(days=1) if end_of_day else when
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


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
    shopper.add_argument(
        "--language",
        metavar="LANG",
        help="what the line speaks to them and their SMS (default: the line's first language, "
        "SWITCHBOARD_MASKING_LANGUAGES)",
    )
    language = sub.add_parser("set-language", help="the language a shopper hears and reads")
    language.add_argument("real_number", type=_number)
    language.add_argument("language", metavar="LANG")
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
    calls = sub.add_parser("calls", help="list masked calls (local time of the masking line)")
    calls.add_argument(
        "--since",
        type=parse_when,
        metavar="WHEN",
        help=f"{WHEN_FORMS}, local time; default: 7 days before --until",
    )
    calls.add_argument(
        "--until",
        type=parse_when,
        metavar="WHEN",
        help="same forms; a day is included whole; default: now",
    )
    sub.add_parser("pending", help="list pending callbacks (local time of the masking line)")
    recording = sub.add_parser("recording", help="copy a masked call's recording (WAV)")
    recording.add_argument("call_id", type=int)
    add_recording_output(recording, "./masked-call-ID.wav")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.admin.database import sessions
    from app.systems.masking.repository import MaskingRepository

    async with sessions(settings) as sessionmaker:
        return await _run(args, settings, MaskingRepository(sessionmaker))


async def _run(args: argparse.Namespace, settings: Settings, repo: MaskingRepository) -> int:
    from sqlalchemy.exc import IntegrityError

    from app.db.errors import NotFoundError

    try:
        return await _command(args, settings, repo)
    except NotFoundError as exc:
        raise AdminError(f"not found: {exc}") from exc
    except IntegrityError as exc:
        # The unique constraints say it: the shopper, number or pairing exists already.
        raise AdminError("already exists (shopper, pool number, pairing or ID)") from exc


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def _offered(languages: LineLanguages, wanted: str | None) -> str:
    """A shopper's language must be one the line speaks; none given → the line's default."""
    if wanted is None:
        return languages.default
    if wanted not in languages.offered:
        offered = ", ".join(languages.offered)
        raise AdminError(
            f"the masking line speaks {offered}, not {wanted!r} (SWITCHBOARD_MASKING_LANGUAGES)"
        )
    return wanted


async def _command(args: argparse.Namespace, settings: Settings, repo: MaskingRepository) -> int:
    command = args.masking_command
    try:
        masking = load_masking(settings.env)
    except ValueError as error:  # a setting that is not a number or a language
        raise AdminError(str(error)) from None
    zone = zone_named(masking.timezone)
    now = datetime.now(UTC)
    # Each listing reads everything first and prints after: a failure prints nothing.
    if command == "add-shopper":
        language = _offered(masking.languages, args.language)
        shopper = await repo.add_shopper(args.name, args.real_number, language)
        print(f"shopper {shopper.id}: {shopper.name} {shopper.real_number} ({shopper.language})")
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
    elif command == "set-language":
        language = _offered(masking.languages, args.language)
        await repo.set_language(args.real_number, language)
        print(f"{args.real_number}: {language}")
    elif command == "unpair":
        if not await repo.unpair(args.real_number, args.number):
            raise AdminError(f"{args.number} is not paired with {args.real_number}")
        print(f"unpaired {args.number} from {args.real_number}")
    elif command == "shoppers":
        shoppers = await repo.list_shoppers()
        print("id\tname\treal_number\tlanguage\tfictitious (ID=number)")
        for shopper, pairings in shoppers:
            paired = " ".join(f"{p.ordinal}={p.number}" for p in pairings) or "-"
            print(
                f"{shopper.id}\t{shopper.name}\t{shopper.real_number}\t{shopper.language}\t{paired}"
            )
    elif command == "calls":
        until = now if args.until is None else _instant(args.until, zone, end_of_day=True)
        since = (
            until - timedelta(days=DEFAULT_DAYS)
            if args.since is None
            else _instant(args.since, zone, end_of_day=False)
        )
        if since >= until:
            raise AdminError("--since must be before --until")
        calls = await repo.list_calls(since, until)
        print(f"masked calls, {_local(since, zone)} to {_local(until, zone)} ({zone.key})")
        print("id\tstarted_at\tdirection\tshopper\tpresented\tremote\toutcome\tseconds\trecording")
        for call in calls:
            seconds = f"{call.recording_seconds:.1f}" if call.recording_seconds else "-"
            print(
                f"{call.id}\t{_local(call.started_at, zone)}\t{call.direction}\t"
                f"{call.shopper_number}\t{call.fictitious_number}\t{call.remote_number}\t"
                f"{call.outcome or 'in progress'}\t{seconds}\t{call.recording_path or '-'}"
            )
    elif command == "pending":
        callbacks = await repo.all_open_callbacks(now)
        print(f"pending callbacks ({zone.key})")
        print("shopper\torder\tcaller\tto_fictitious\tmissed_at\texpires_at")
        for callback, shopper_number in callbacks:
            print(
                f"{shopper_number}\t{callback.order_number}\t"
                f"{callback.caller_number}\t{callback.fictitious_number}\t"
                f"{_local(callback.missed_at, zone)}\t{_local(callback.expires_at, zone)}"
            )
    elif command == "recording":
        return await _recording(args, repo)
    return 0


async def _recording(args: argparse.Namespace, repo: MaskingRepository) -> int:
    call = await repo.get_call(args.call_id)
    if not call.recording_path:
        raise AdminError(f"call {call.id} has no recording (it was never answered)")
    # Local file work, after the database: the command has nothing else to wait for.
    _write_recording(call.id, Path(call.recording_path), args.output, args.force)
    return 0


def _write_recording(call_id: int, source: Path, output: Path | None, force: bool) -> None:
    from app.admin import recordings as recording

    if not source.is_file():
        raise AdminError(f"call {call_id}: recording file {source} is gone (moved or deleted?)")
    if output == Path("-"):
        sys.stdout.flush()
        recording.stream_recording(source, sys.stdout.buffer)
        return
    target = output or Path(f"masked-call-{call_id}{source.suffix or '.wav'}")
    written = recording.copy_recording(source, target, overwrite=force)
    print(f"call {call_id}: recording copied to {written}")


async def _sync(settings: Settings, repo: MaskingRepository) -> None:
    from app.systems.masking.pool import sync_pool

    if not await sync_pool(settings, await repo.pool()):
        print("Asterisk is not running here; the pool reaches the dialplan at the next start")
