"""What every hotel console page holds (the store, the hotel's settings and clock) and how
it says a request cannot be done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from app.console.pages import render
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.settings import HotelSettings


class HotelDesk:
    def __init__(
        self, store: HotelRepository, hotel: HotelSettings, clock: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.hotel = hotel
        self.clock = clock
        self.zone = ZoneInfo(hotel.timezone)

    async def vacant_rooms(self) -> list[str]:
        return [room.number for room, guest in await self.store.rooms() if guest is None]


def problem_page(request: web.Request, problem: str, *, status: int, title: str) -> web.Response:
    """A request the hotel's data does not allow, in the staff's words, with the way back."""
    return render(request, "hotel/problem.html", {"problem": problem}, status=status, title=title)
