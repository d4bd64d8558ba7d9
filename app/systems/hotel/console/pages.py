"""The hotel's contribution to the staff console (app/console/contract.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app.console.contract import ConsolePages, NavEntry, PageRoute
from app.console.roles import ADMIN, FRONTDESK, OPERATOR
from app.systems.hotel.console import topics
from app.systems.hotel.console.guests import GuestPages
from app.systems.hotel.console.ledgers import LedgerPages
from app.systems.hotel.console.room import RoomPages
from app.systems.hotel.console.transfers import TransferPages
from app.systems.hotel.console.vouchers import VoucherPages
from app.systems.hotel.operator import OperatorServices
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.vouchers import VoucherServices

HERE = Path(__file__).resolve().parent
EVERYONE = frozenset({OPERATOR, FRONTDESK, ADMIN})
OPERATORS = frozenset({OPERATOR, ADMIN})


def hotel_pages(
    store: HotelRepository,
    hotel: HotelSettings,
    clock: Callable[[], datetime],
    calls: VoucherServices | None = None,
    operator: OperatorServices | None = None,
) -> ConsolePages:
    """In `HotelSystem.build()`; `calls` places assisted calls from the voucher page and
    `operator` puts callers through to rooms (both None where no telephony runs)."""
    guests = GuestPages(store, hotel, clock)
    vouchers = VoucherPages(store, hotel, clock, calls)
    ledgers = LedgerPages(store, hotel, clock)
    rooms = RoomPages(store, hotel, clock)
    transfers = TransferPages(store, hotel, clock, operator)
    return ConsolePages(
        system="hotel",
        roles=EVERYONE,
        routes=(
            PageRoute("GET", "", guests.search),
            PageRoute("GET", "checkin", guests.check_in_form),
            PageRoute("POST", "checkin", guests.check_in),
            PageRoute("POST", "rooms/{room}/checkout", guests.check_out),
            PageRoute("GET", "rooms/{room}", rooms.show),
            PageRoute("POST", "rooms/{room}/dnd", rooms.dnd),
            PageRoute("POST", "rooms/{room}/transfer", transfers.put_through, roles=OPERATORS),
            PageRoute("POST", "rooms/{room}/move", rooms.move),
            PageRoute("POST", "rooms/{room}/wakeups", rooms.set_wakeup),
            PageRoute("POST", "rooms/{room}/wakeups/cancel", rooms.cancel_wakeups),
            PageRoute("GET", "vouchers", vouchers.listing),
            PageRoute("GET", "vouchers.csv", vouchers.export),
            PageRoute("GET", "vouchers/new", vouchers.new, roles=OPERATORS),
            PageRoute("POST", "vouchers", vouchers.create, roles=OPERATORS),
            PageRoute("GET", r"vouchers/{id:\d+}", vouchers.show),
            PageRoute("POST", r"vouchers/{id:\d+}/close", vouchers.close, roles=OPERATORS),
            PageRoute("POST", r"vouchers/{id:\d+}/place", vouchers.place, roles=OPERATORS),
            PageRoute("POST", r"vouchers/{id:\d+}/callback", vouchers.call_back, roles=OPERATORS),
            PageRoute("GET", r"vouchers/{id:\d+}/print", vouchers.printable),
            PageRoute("GET", "postings", ledgers.postings),
            PageRoute("GET", "postings.csv", ledgers.postings_csv),
            PageRoute("GET", "staff-calls", ledgers.staff_calls),
            PageRoute("GET", "staff-calls.csv", ledgers.staff_calls_csv),
        ),
        nav=(
            NavEntry("Guests", "", hotkey="g g"),
            NavEntry("Check in", "checkin", hotkey="g c"),
            NavEntry("Vouchers", "vouchers", hotkey="g v"),
            NavEntry("New voucher", "vouchers/new", roles=OPERATORS, hotkey="n"),
            NavEntry("Postings", "postings", hotkey="g p"),
            NavEntry("Staff calls", "staff-calls", hotkey="g s"),
        ),
        templates=HERE / "templates",
        static=HERE / "static",
        topics={topics.CALL: OPERATORS, topics.ALERT: EVERYONE},
    )
