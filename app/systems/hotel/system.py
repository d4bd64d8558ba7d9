"""The hotel switchboard as a system of the platform (the contract in app/system.py).

Imports of the flows, the store, the tables and the PMS link wait until they are needed:
every `switchboard` command imports the systems, and most use none of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from app.config import Settings
from app.system import DialplanInclude, Did, Platform, Running
from app.systems.hotel import cli
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER, MAIN_FLOW, ROOMS_CONTEXT
from app.systems.hotel.rooms_dialplan import ROOMS_FILE
from app.systems.hotel.settings import load_hotel

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from app.calls.flow import Flow
    from app.db.base import Base
    from app.system import SubParsers
    from app.systems.hotel.operator import OperatorFlows, OperatorServices
    from app.systems.hotel.settings import HotelSettings
    from app.systems.hotel.store import HotelStore
    from app.systems.hotel.vouchers import VoucherServices

log = logging.getLogger(__name__)


class HotelSystem:
    name = "hotel"
    dids = (Did(HOTEL_MAIN_NUMBER, MAIN_FLOW, answers_first=True),)
    # The room and staff phones' context: never reachable from the trunk.
    dialplan_includes: tuple[DialplanInclude, ...] = (
        DialplanInclude(ROOMS_FILE, ROOMS_CONTEXT, carrier=False),
    )
    commands = ("hotel",)
    # Set by build(): the operator services the staff console calls.
    operator_services: OperatorServices | None = None
    voucher_services: VoucherServices | None = None

    def models(self) -> Sequence[type[Base]]:
        from app.systems.hotel.models import TABLES

        return TABLES

    def build(self, platform: Platform) -> Running:
        from app.systems.hotel.live import console_publisher
        from app.systems.hotel.repository import HotelRepository

        hotel = load_hotel(platform.settings.env)
        store = HotelRepository(platform.sessionmaker, hotel)

        async def warn_if_unpriced() -> None:
            if not await store.tariffs():
                log.warning(
                    "hotel: the tariff table is empty: outside calls still go through, "
                    "and their charges are kept as 'unrated' for the front desk to price "
                    "(`switchboard hotel tariffs add ...`)"
                )

        background: list[Callable[[], Coroutine[Any, Any, None]]] = []
        if hotel.pms == "http" and hotel.pms_api_port:
            from app.systems.hotel.pms.api import serve_api
            from app.systems.hotel.pms.token import ensure_token

            token = ensure_token(platform.settings.runtime_dir / "secrets.env")
            bind = platform.settings.bind_address
            background.append(lambda: serve_api(store, token, bind, hotel.pms_api_port))
        if hotel.fias_enabled:
            from app.systems.hotel.pms.link import FiasLink

            link = FiasLink(store, hotel, platform.clock)
            background.append(link.run)

        async def may_present(number: str) -> bool:
            """Operator-placed and emergency calls present the hotel's main number."""
            return number == hotel.main_number

        # The flows' events reach the console as its call and alert lines.
        platform = dataclasses.replace(
            platform, console_events=console_publisher(platform.console_events)
        )

        # -- the operator (issue 13 items 2, 3, 5): answering, assisted calls, transfers --
        operator = operator_flows(platform, hotel, store)
        # What the staff console calls (app/systems/hotel/operator.py).
        self.operator_services = operator.services
        self.voucher_services = operator.vouchers
        flows: dict[str, Flow] = {**operator.flows}
        starts: list[Callable[[], Awaitable[object]]] = [warn_if_unpriced]
        # -- end of the operator's block ---------------------------------------------------

        # -- the room phones (issue 13 items 4-7): direct dial, emergency, DND, wake-ups --
        from app.systems.hotel.room_lines import build_room_lines

        room_lines = build_room_lines(platform, hotel, store)
        flows.update(room_lines.flows)
        starts.append(room_lines.ensure_phones)
        starts.append(room_lines.tell_dnd)
        background.append(room_lines.scheduler.run)
        background.append(room_lines.follow_rooms)
        # -- end of the room phones --

        async def start() -> None:
            for step in starts:
                await step()

        from app.systems.hotel.console.pages import hotel_pages

        return Running(
            flows=flows,
            start=start,
            background=background,
            may_present=may_present,
            console=hotel_pages(store, hotel, platform.clock, operator.vouchers, operator.services),
        )

    def render(self, settings: Settings) -> None:
        """The room phones' context, from the settings (the phones are the platform's)."""
        from app.systems.hotel.room_settings import load_room_phones
        from app.systems.hotel.rooms_dialplan import rooms_context

        target = settings.runtime_dir / "etc" / ROOMS_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            rooms_context(
                load_hotel(settings.env), load_room_phones(settings.env), settings.ari_app
            )
        )

    def add_commands(self, commands: SubParsers) -> None:
        cli.add_parser(commands)

    async def run_command(self, args: argparse.Namespace, settings: Settings) -> int:
        return await cli.run(args, settings)

    async def seed_demo(self, sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
        from app.systems.hotel.demo import seed_hotel_demo

        seeded = await seed_hotel_demo(sessionmaker)
        return ["the demo hotel (rooms, guests, staff, tariffs)"] if seeded else []


def operator_flows(platform: Platform, hotel: HotelSettings, store: HotelStore) -> OperatorFlows:
    """The operators' side: the main number, the room's operator code, and the services
    the console calls (operator.py)."""
    from app.systems.hotel.operator import build_operator

    return build_operator(platform, hotel, store)


SYSTEM = HotelSystem()
