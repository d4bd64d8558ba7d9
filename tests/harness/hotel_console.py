"""The hotel's console pages over the demo hotel, for the hotel's browser tests: the
console on a free port (tests/harness/console_server.py) with a real migrated database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.console.contract import ConsolePages
from app.systems.hotel.console.pages import hotel_pages
from app.systems.hotel.demo import seed_hotel_demo
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.settings import HotelSettings
from tests.harness.console_server import ConsoleUnderTest

# username: (password, role, display name, extension) — the operator sits at 2001.
HOTEL_STAFF = {
    "wang": ("wang-operator-pw", "operator", "王芳", "2001"),
    "desk": ("desk-frontdesk-pw", "frontdesk", "Front Desk", "2100"),
}


def start_hotel_console(folder: Path) -> ConsoleUnderTest:
    hotel = HotelSettings()

    def pages(sessionmaker: async_sessionmaker[AsyncSession]) -> list[ConsolePages]:
        store = HotelRepository(sessionmaker, hotel)
        return [hotel_pages(store, hotel, lambda: datetime.now(UTC))]

    console = ConsoleUnderTest(folder / "switchboard.db", pages).start()
    assert console.run(seed_hotel_demo(console.sessionmaker))
    for username, (password, role, name, extension) in HOTEL_STAFF.items():
        console.add_staff(username, password, role, name, extension)
    return console
