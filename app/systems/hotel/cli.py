"""`switchboard hotel ...`: administer the hotel switchboard (seed 002).

Rooms, check-in / check-out / room move, guests (search by name, pinyin or room), staff
extensions, tariffs, telephone vouchers, folio postings, the staff long-distance log,
wake-up calls and the PMS queue. Listings with `--csv FILE` (or `--csv -`) write CSV
instead. Times are shown, and days read, in the hotel's time zone
(SWITCHBOARD_HOTEL_TIMEZONE). Money is shown in units (yuan) with two decimals.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.admin.dates import DayRange, parse_day, zone_named
from app.admin.errors import AdminError
from app.config import Settings
from app.systems.hotel.rules.stay import ClassOfService, Language, VoucherOutcome
from app.systems.hotel.settings import load_hotel

if TYPE_CHECKING:
    from app.systems.hotel.repository import HotelRepository

ROLES = ("operator", "front_desk", "staff")
CLASSES = [c.label for c in ClassOfService]


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def money(text: str) -> int:
    """`8`, `8.5`, `8.50` yuan -> 850 fen."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount: {text!r}") from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise argparse.ArgumentTypeError(f"an amount is 0 or more, to the fen: {text!r}")
    return int(value * 100)


def shown(amount: int) -> str:
    return f"{amount / 100:.2f}"


def _switch(text: str) -> bool:
    if text not in ("on", "off"):
        raise argparse.ArgumentTypeError(f"expected on or off, got {text!r}")
    return text == "on"


def _cos(text: str) -> ClassOfService:
    try:
        return ClassOfService.named(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _listing(parser: argparse.ArgumentParser, *, days: bool = True) -> None:
    if days:
        parser.add_argument("--from", dest="first", type=_day, help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="last", type=_day, help="last day, included")
    parser.add_argument("--csv", metavar="FILE", help="write CSV to FILE ('-': standard output)")


def add_parser(commands: Any) -> None:
    hotel = commands.add_parser("hotel", help="hotel switchboard: rooms, guests, charges")
    sub = hotel.add_subparsers(dest="hotel_command", required=True)

    rooms = sub.add_parser("rooms", help="list rooms (or: rooms add NUMBER)")
    _listing(rooms, days=False)
    rooms_sub = rooms.add_subparsers(dest="rooms_command")
    add_room = rooms_sub.add_parser("add", help="add a room and its phone extension")
    add_room.add_argument("number")
    add_room.add_argument("--extension", help="the room phone's extension (default: NUMBER)")
    add_room.add_argument("--floor", type=int)

    checkin = sub.add_parser("checkin", help="check a guest in")
    checkin.add_argument("room")
    checkin.add_argument("name", help="the guest's name (Chinese characters or Latin)")
    checkin.add_argument("--latin", default="", help="Latin spelling (default: the pinyin)")
    checkin.add_argument("--language", choices=[lang.value for lang in Language])
    checkin.add_argument("--privacy", action="store_true", help="the guest takes no calls")
    checkin.add_argument(
        "--cos",
        type=_cos,
        default=ClassOfService.INTERNATIONAL,
        metavar="CLASS",
        help=f"class of service ({', '.join(CLASSES)})",
    )
    checkin.add_argument("--departure", type=_day, metavar="YYYY-MM-DD")
    checkin.add_argument("--reservation", help="the PMS's reservation number")
    checkout = sub.add_parser("checkout", help="check the room's guest out and clear the room")
    checkout.add_argument("room")
    move = sub.add_parser("move", help="move the room's guest to another room")
    move.add_argument("room")
    move.add_argument("to_room")
    guests = sub.add_parser("guests", help="in-house guests, or those matching QUERY")
    guests.add_argument("query", nargs="?", help="room, part of the name, pinyin or Latin")
    guests.add_argument("--all", action="store_true", help="include departed guests")
    _listing(guests, days=False)

    for name, kind in (("dnd", "do not disturb"), ("privacy", "privacy (no calls put through)")):
        switch = sub.add_parser(name, help=f"set a room's {kind}")
        switch.add_argument("room")
        switch.add_argument("state", type=_switch, metavar="on|off")
    cos = sub.add_parser("cos", help="set a room's class of service")
    cos.add_argument("room")
    cos.add_argument("cos", type=_cos, metavar="CLASS")
    wakeup = sub.add_parser("wakeup", help="set, cancel or list a room's wake-up calls")
    wakeup.add_argument("room", nargs="?")
    wakeup.add_argument("time", nargs="?", metavar="HHMM")
    wakeup.add_argument("--daily", action="store_true")
    wakeup.add_argument("--cancel", action="store_true")

    staff = sub.add_parser("staff", help="staff extensions (or: staff add ...)")
    staff_sub = staff.add_subparsers(dest="staff_command")
    add_staff = staff_sub.add_parser("add", help="add a staff extension")
    add_staff.add_argument("extension")
    add_staff.add_argument("name")
    add_staff.add_argument("department")
    add_staff.add_argument("--role", choices=ROLES, default="staff")
    add_staff.add_argument("--cos", type=_cos, default=ClassOfService.INTERNAL, metavar="CLASS")

    tariffs = sub.add_parser("tariffs", help="the tariff table (or: tariffs add|remove ...)")
    _listing(tariffs, days=False)
    tariffs_sub = tariffs.add_subparsers(dest="tariffs_command")
    add_tariff = tariffs_sub.add_parser("add", help="add or replace the tariff for a prefix")
    add_tariff.add_argument("prefix", help="destination prefix or city code, as dialled")
    add_tariff.add_argument("name")
    add_tariff.add_argument("per_minute", type=money, help="per started minute, e.g. 8.00")
    add_tariff.add_argument("--minimum", type=money, default=0)
    add_tariff.add_argument("--idd-surcharge", type=money, default=0)
    add_tariff.add_argument("--p2p-surcharge", type=money, default=0)
    remove_tariff = tariffs_sub.add_parser("remove", help="remove the tariff for a prefix")
    remove_tariff.add_argument("prefix")

    vouchers = sub.add_parser("vouchers", help="telephone vouchers (or: vouchers show ID)")
    _listing(vouchers)
    vouchers_sub = vouchers.add_subparsers(dest="vouchers_command")
    show = vouchers_sub.add_parser("show", help="one voucher, as printed")
    show.add_argument("voucher_id", type=int)
    postings = sub.add_parser("postings", help="folio postings (or: postings price|resend)")
    _listing(postings)
    postings_sub = postings.add_subparsers(dest="postings_command")
    price = postings_sub.add_parser("price", help="price an unrated posting and send it")
    price.add_argument("posting_id", type=int)
    price.add_argument("amount", type=money, help="e.g. 12.50")
    resend = postings_sub.add_parser("resend", help="send a posting the PMS refused again")
    resend.add_argument("posting_id", type=int)
    postings.add_argument(
        "--status", choices=("unrated", "local", "pending", "accepted", "rejected")
    )
    staff_calls = sub.add_parser("staff-calls", help="the staff long-distance log (长话登记表)")
    _listing(staff_calls)
    pms = sub.add_parser("pms", help="the PMS queue, both directions")
    pms.add_argument("--direction", choices=("in", "out"))
    pms.add_argument("--status", choices=("pending", "done", "failed"))


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.admin.database import sessions
    from app.systems.hotel.repository import HotelRepository

    try:
        hotel = load_hotel(settings.env)
    except ValueError as error:
        raise AdminError(str(error)) from None
    zone_named(hotel.timezone)
    async with sessions(settings) as sessionmaker:
        repo = HotelRepository(sessionmaker, hotel)
        code = await _run(args, repo)
        if _changes_phones(args):
            await _phones_follow(settings, sessionmaker, repo)
        return code


def _changes_phones(args: argparse.Namespace) -> bool:
    """A new room or staff extension gets its phone (a guest's language reaches the
    phone when the controller next starts)."""
    command = args.hotel_command
    return command in ("rooms", "staff") and getattr(args, f"{command}_command", None) == "add"


async def _phones_follow(settings: Settings, sessionmaker: Any, repo: Any) -> None:
    """The room phones as the rooms are: new ones' secrets printed once (and kept in the
    secrets file), as `switchboard phones add` prints them."""
    from app.pbx.phones.directory import PhoneDirectory
    from app.systems.hotel.room_phones import ensure_phones

    directory = PhoneDirectory(settings, sessionmaker)
    created = await ensure_phones(
        repo, directory, repo.hotel.default_language, settings.runtime_dir / "secrets.env"
    )
    for new in created:
        print(f"secret for {new.extension} (shown once; also in secrets.env): {new.secret}")
    if not directory.reached_asterisk:
        print("Asterisk was not reached: the phones change when the controller next starts")


async def _run(args: argparse.Namespace, repo: HotelRepository) -> int:
    from app.systems.hotel.rules.errors import HotelError

    try:
        return await _command(args, repo)
    except HotelError as error:
        raise AdminError(str(error)) from error
    except ValueError as error:
        # A wake-up time that is not HHMM, and the like: the rule's own sentence.
        raise AdminError(str(error)) from error


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def _range(args: argparse.Namespace, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    first: date | None = getattr(args, "first", None)
    last: date | None = getattr(args, "last", None)
    if first is None and last is None:
        return None, None
    days = DayRange(first or last or date.min, last or first or date.max, zone)
    return days.start_utc, days.end_utc


def _table(
    args: argparse.Namespace, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Tab-separated to the terminal, or CSV where --csv says."""
    lines = [[str(cell) for cell in row] for row in rows]
    target = getattr(args, "csv", None)
    if target is None:
        print("\t".join(header))
        for line in lines:
            print("\t".join(line))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(lines)
    if target == "-":
        sys.stdout.write(buffer.getvalue())
        return
    path = Path(target)
    try:
        path.write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as error:
        raise AdminError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"{len(lines)} row(s) written to {path}")


async def _command(args: argparse.Namespace, repo: HotelRepository) -> int:
    from app.systems.hotel.records import CheckIn

    command = args.hotel_command
    zone = repo.zone
    now = datetime.now(UTC)
    if command == "rooms":
        if args.rooms_command == "add":
            room = await repo.add_room(args.number, args.extension or args.number, args.floor)
            print(f"room {room.number}: extension {room.extension}")
            return 0
        _table(
            args,
            ("room", "extension", "guest", "language", "privacy", "dnd", "cos", "lamp"),
            (
                (
                    room.number,
                    room.extension,
                    guest.name if guest else "-",
                    guest.language if guest else "-",
                    _yes(guest.privacy if guest else False),
                    _yes(room.dnd),
                    room.class_of_service.label,
                    _yes(room.message_lamp),
                )
                for room, guest in await repo.rooms()
            ),
        )
    elif command == "checkin":
        language = Language(args.language or repo.hotel.default_language)
        guest = await repo.check_in(
            CheckIn(
                args.room,
                args.name,
                language,
                args.latin,
                args.privacy,
                args.cos,
                args.departure,
                args.reservation,
            ),
            now,
        )
        print(
            f"checked in: {guest.name} ({guest.latin_name}) to room {guest.room_number}, "
            f"{guest.language}, class of service {args.cos.label}"
            + (", privacy" if guest.privacy else "")
        )
    elif command == "checkout":
        done = await repo.check_out(args.room, now)
        print(
            f"checked out: {done.guest.name} from room {args.room}; DND and message lamp "
            f"off, {done.wakeups_cancelled} wake-up call(s) cancelled, class of service "
            "internal"
        )
    elif command == "move":
        guest = await repo.move(args.room, args.to_room, now)
        print(f"moved: {guest.name} from room {args.room} to room {guest.room_number}")
    elif command == "guests":
        found = (
            await repo.find_guests(args.query)
            if args.query
            else await repo.guests(include_departed=args.all)
        )
        if args.query and not found:
            raise AdminError(f"no guest in house matches {args.query!r}")
        _table(
            args,
            ("room", "name", "latin", "language", "privacy", "checked_in", "checked_out"),
            (
                (
                    g.room_number,
                    g.name,
                    g.latin_name,
                    g.language,
                    _yes(g.privacy),
                    _local(g.checked_in_at, zone),
                    _local(g.checked_out_at, zone) or "-",
                )
                for g in found
            ),
        )
    elif command in ("dnd", "privacy", "cos"):
        await _room_setting(args, repo)
    elif command == "wakeup":
        await _wakeup(args, repo, now)
    elif command == "staff":
        if args.staff_command == "add":
            staff = await repo.add_staff(
                args.extension, args.name, args.department, args.role, args.cos
            )
            print(f"staff {staff.extension}: {staff.name}, {staff.department}, {staff.role}")
            return 0
        _table(
            args,
            ("extension", "name", "department", "role", "cos"),
            (
                (s.extension, s.name, s.department, s.role, s.class_of_service.label)
                for s in await repo.staff()
            ),
        )
    elif command == "tariffs":
        await _tariffs(args, repo)
    elif command == "vouchers":
        await _vouchers(args, repo, zone)
    elif command == "postings" and args.postings_command:
        if args.postings_command == "price":
            posting = await repo.price_posting(args.posting_id, args.amount)
        else:
            posting = await repo.resend_posting(args.posting_id)
        print(f"posting {posting.id}: {shown(posting.amount)} {posting.currency}, {posting.status}")
    elif command == "postings":
        since, until = _range(args, zone)
        postings = await repo.postings(status=args.status, since=since, until=until)
        _table(
            args,
            (
                "id",
                "posting_key",
                "room",
                "guest",
                "call_at",
                "destination",
                "call_type",
                "seconds",
                "amount",
                "currency",
                "status",
                "pms_answer",
                "description",
            ),
            (
                (
                    p.id,
                    p.posting_key,
                    p.room_number,
                    p.guest_name,
                    _local(p.call_at, zone),
                    p.destination,
                    p.call_type,
                    p.seconds,
                    shown(p.amount),
                    p.currency,
                    p.status,
                    " ".join(filter(None, (p.pms_status, p.pms_text))) or "-",
                    p.description,
                )
                for p in postings
            ),
        )
    elif command == "staff-calls":
        since, until = _range(args, zone)
        _table(
            args,
            (
                "started_at",
                "extension",
                "name",
                "department",
                "destination",
                "placed_by",
                "seconds",
                "cost",
            ),
            (
                (
                    _local(c.started_at, zone),
                    c.extension,
                    c.name,
                    c.department,
                    c.destination,
                    c.placed_by,
                    c.seconds,
                    shown(c.cost) if c.rated else "unrated",
                )
                for c in await repo.staff_calls(since, until)
            ),
        )
    elif command == "pms":
        messages = await repo.pms_messages(args.direction, args.status)
        _table(
            args,
            ("id", "direction", "kind", "status", "attempts", "created_at", "error", "record"),
            (
                (
                    m.id,
                    m.direction,
                    m.kind,
                    m.status,
                    m.attempts,
                    _local(m.created_at, zone),
                    m.last_error or "-",
                    m.body.strip("\x02\x03"),
                )
                for m in messages
            ),
        )
    return 0


def _yes(value: bool) -> str:
    return "yes" if value else "no"


async def _room_setting(args: argparse.Namespace, repo: HotelRepository) -> None:
    if args.hotel_command == "dnd":
        room = await repo.set_dnd(args.room, args.state)
        print(f"room {room.number}: do not disturb {'on' if room.dnd else 'off'}")
    elif args.hotel_command == "privacy":
        guest = await repo.set_privacy(args.room, args.state)
        print(
            f"room {guest.room_number}: privacy {'on' if guest.privacy else 'off'} for {guest.name}"
        )
    else:
        room = await repo.set_class_of_service(args.room, args.cos)
        print(f"room {room.number}: class of service {room.class_of_service.label}")


async def _wakeup(args: argparse.Namespace, repo: HotelRepository, now: datetime) -> None:
    if args.cancel:
        if not args.room:
            raise AdminError("which room? (hotel wakeup ROOM --cancel)")
        print(f"room {args.room}: {await repo.cancel_wakeups(args.room)} wake-up call(s) cancelled")
        return
    if args.time:
        wake = await repo.set_wakeup(args.room, args.time, args.daily, now, set_by="cli")
        print(
            f"room {wake.room_number}: wake-up at {_local(wake.due_at, repo.zone)}"
            + (" and every day" if wake.daily else "")
        )
        return
    _table(
        args,
        ("id", "room", "time", "daily", "state", "due_at", "attempts"),
        (
            (
                w.id,
                w.room_number,
                w.time_of_day,
                _yes(w.daily),
                w.state,
                _local(w.due_at, repo.zone),
                w.attempts,
            )
            for w in await repo.wakeups(args.room)
        ),
    )


async def _tariffs(args: argparse.Namespace, repo: HotelRepository) -> None:
    from app.systems.hotel.rules.rating import Tariff

    if args.tariffs_command == "add":
        if not args.prefix.isdigit():
            raise AdminError(f"a tariff prefix is digits, not {args.prefix!r}")
        await repo.set_tariff(
            Tariff(
                args.prefix,
                args.name,
                args.per_minute,
                args.minimum,
                args.idd_surcharge,
                args.p2p_surcharge,
            )
        )
        print(f"tariff {args.prefix}: {args.name}, {shown(args.per_minute)} per minute")
        return
    if args.tariffs_command == "remove":
        if not await repo.remove_tariff(args.prefix):
            raise AdminError(f"there is no tariff for prefix {args.prefix}")
        print(f"tariff {args.prefix} removed")
        return
    tariffs = await repo.tariffs()
    if not tariffs and args.csv is None:
        print("the tariff table is empty: outside calls go through and are kept unrated")
        return
    _table(
        args,
        ("prefix", "name", "per_minute", "minimum", "idd_surcharge", "p2p_surcharge"),
        (
            (
                t.prefix,
                t.name,
                shown(t.per_minute),
                shown(t.minimum),
                shown(t.idd_surcharge),
                shown(t.person_to_person_surcharge),
            )
            for t in tariffs
        ),
    )


async def _vouchers(args: argparse.Namespace, repo: HotelRepository, zone: ZoneInfo) -> None:
    if args.vouchers_command == "show":
        v = await repo.voucher(args.voucher_id)
        outcome = VoucherOutcome(v.outcome).value.replace("_", " ") if v.outcome else v.status
        lines = [
            f"Telephone voucher 电话凭证 No. {v.id}",
            f"Caller 来电者: {v.caller_name}    Room 房号: {v.room_number}",
            f"Hotel number 酒店电话: {v.hotel_number}",
            f"City 城市: {v.city_name} {v.city_code}".rstrip(),
            f"Recipient 接收人: {v.recipient_name}    Number 号码: {v.destination}",
            f"Call type 类型: {v.call_type}",
            f"Operator 接线员: {v.operator_name} ({v.operator_extension})",
            f"Opened: {_local(v.created_at, zone)}  Placed: {_local(v.placed_at, zone)}  "
            f"Connected: {_local(v.connected_at, zone)}  Ended: {_local(v.ended_at, zone)}",
            f"Duration: {v.seconds or 0} s   Charge: "
            f"{shown(v.charge) if v.charge is not None else '-'} {repo.hotel.currency}",
            f"Outcome: {outcome}" + (f" ({v.charge_note})" if v.charge_note else ""),
        ]
        print("\n".join(lines))
        return
    since, until = _range(args, zone)
    _table(
        args,
        (
            "id",
            "created_at",
            "room",
            "caller",
            "hotel_number",
            "city",
            "city_code",
            "recipient",
            "destination",
            "call_type",
            "operator",
            "status",
            "outcome",
            "placed_at",
            "connected_at",
            "ended_at",
            "seconds",
            "charge",
        ),
        (
            (
                v.id,
                _local(v.created_at, zone),
                v.room_number,
                v.caller_name,
                v.hotel_number,
                v.city_name,
                v.city_code,
                v.recipient_name,
                v.destination,
                v.call_type,
                v.operator_name,
                v.status,
                v.outcome or "-",
                _local(v.placed_at, zone),
                _local(v.connected_at, zone),
                _local(v.ended_at, zone),
                v.seconds or 0,
                shown(v.charge) if v.charge is not None else "-",
            )
            for v in await repo.vouchers(since, until)
        ),
    )
