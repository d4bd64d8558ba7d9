"""The demo hotel `make run` seeds: a dozen rooms, guests in Mandarin and English (one
with privacy, one on do-not-disturb), the operators, the front desk, department phones and
a tariff table. The values are exported so tests and the README use the same ones."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.hotel.models import RoomRow
from app.systems.hotel.records import CheckIn
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.rating import Tariff
from app.systems.hotel.rules.stay import ClassOfService, Language
from app.systems.hotel.settings import HotelSettings

# Rooms 101-106 and 201-206; each room's phone extension is its number.
DEMO_ROOMS = tuple(f"{floor}{n:02d}" for floor in (1, 2) for n in range(1, 7))
PRIVATE_ROOM = "103"
DND_ROOM = "105"
# room: (name, latin name or "" for the pinyin, language, privacy, class of service)
DEMO_GUESTS: dict[str, tuple[str, str, Language, bool, ClassOfService]] = {
    "101": ("张伟", "", Language.ZH, False, ClassOfService.INTERNATIONAL),
    "102": ("John Smith", "", Language.EN, False, ClassOfService.INTERNATIONAL),
    PRIVATE_ROOM: ("李娜", "", Language.ZH, True, ClassOfService.NATIONAL),
    DND_ROOM: ("Emma Brown", "", Language.EN, False, ClassOfService.INTERNATIONAL),
    "201": ("王小明", "", Language.ZH, False, ClassOfService.LOCAL),
    "204": ("Hans Müller", "Hans Mueller", Language.EN, False, ClassOfService.INTERNATIONAL),
}
# extension: (name, department, role, class of service)
DEMO_STAFF: dict[str, tuple[str, str, str, ClassOfService]] = {
    "2001": ("王芳", "总机 Switchboard", "operator", ClassOfService.INTERNATIONAL),
    "2002": ("Li Na", "总机 Switchboard", "operator", ClassOfService.INTERNATIONAL),
    "2100": ("前台 Front desk", "前厅部 Front office", "front_desk", ClassOfService.NATIONAL),
    "2200": ("陈静", "客房部 Housekeeping", "staff", ClassOfService.INTERNAL),
    "2300": ("刘强", "工程部 Engineering", "staff", ClassOfService.LOCAL),
    "2400": ("赵敏", "销售部 Sales", "staff", ClassOfService.NATIONAL),
    "2500": ("David Chen", "总经理室 General manager", "staff", ClassOfService.INTERNATIONAL),
}
# Prices in fen (1/100 yuan), per started minute.
DEMO_TARIFFS = (
    Tariff("00", "International", 800, 800, 1000, 2000),
    Tariff("001", "USA / Canada", 600, 600, 1000, 2000),
    Tariff("0044", "United Kingdom", 700, 700, 1000, 2000),
    Tariff("0081", "Japan", 500, 500, 1000, 2000),
    Tariff("00852", "Hong Kong", 300, 300, 500, 1000),
    Tariff("0", "National long distance", 100, 100, 300, 500),
    Tariff("010", "Beijing", 80, 80, 300, 500),
    Tariff("1", "Mobile", 60, 60, 300, 500),
    *(Tariff(digit, "Shanghai local", 30, 30, 0, 0) for digit in "23456"),
)
CHECKED_IN_AT = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


async def seed_hotel_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Seed the demo hotel into a database without any room."""
    async with sessionmaker() as session:
        if await session.scalar(select(func.count()).select_from(RoomRow)):
            return False
    repo = HotelRepository(sessionmaker, HotelSettings())
    try:
        for number in DEMO_ROOMS:
            await repo.add_room(number, number, floor=int(number[0]))
    except HotelError:
        return False  # another process seeded it first
    for room, (name, latin, language, privacy, cos) in DEMO_GUESTS.items():
        await repo.check_in(
            CheckIn(room, name, language, latin, privacy, cos, source="demo"), CHECKED_IN_AT
        )
    await repo.set_dnd(DND_ROOM, True)
    for extension, (name, department, role, cos) in DEMO_STAFF.items():
        await repo.add_staff(extension, name, department, role, cos)
    for tariff in DEMO_TARIFFS:
        await repo.set_tariff(tariff)
    return True
