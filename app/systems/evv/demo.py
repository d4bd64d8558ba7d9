"""Demo reference data: one agency to dial into on a fresh install.

The codes are exported so tests, the README and the e2e phones use the same numbers.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import transaction
from app.systems.evv.models import AgencyRow, CaregiverRow, ClientRow, ServiceRow, TaskRow

DEMO_AGENCY_NAME = "Sunrise Home Care"
DEMO_AGENCY_ACCOUNT = "100200"
DEMO_MAX_CLIENTS = 3
DEMO_MAX_VISIT_MINUTES = 720

DEMO_CAREGIVERS: dict[str, str] = {
    "1234": "Maria Lopez",
    "5678": "Ahmed Hassan",
    "2468": "Li Wei",
}
# code: (name, registered home phone)
DEMO_CLIENTS: dict[str, tuple[str, str]] = {
    "1001": ("John Smith", "5550001001"),
    "1002": ("Mary Jones", "5550001002"),
    "1003": ("Ali Warsame", "5550001003"),
    "1004": ("Olga Petrova", "5550001004"),
}
DEMO_SERVICES: dict[str, str] = {
    "10": "Personal care",
    "20": "Homemaker",
    "30": "Respite",
}
DEMO_TASKS: dict[str, str] = {
    "01": "Bathing",
    "02": "Dressing",
    "03": "Meal preparation",
    "04": "Medication reminder",
    "05": "Light housekeeping",
}

DEMO_CAREGIVER = "1234"
DEMO_CAREGIVER_2 = "5678"
DEMO_CAREGIVER_3 = "2468"
DEMO_CLIENT = "1001"
DEMO_CLIENT_2 = "1002"
DEMO_CLIENT_3 = "1003"
DEMO_CLIENT_4 = "1004"
DEMO_CLIENT_PHONE = DEMO_CLIENTS[DEMO_CLIENT][1]
DEMO_SERVICE = "10"
DEMO_TASK = "01"


async def seed_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Insert the demo agency when the database has no agency at all.

    Returns whether anything was inserted. Never touches a database that already holds
    real data.
    """
    try:
        async with transaction(sessionmaker) as session:
            if await session.scalar(select(func.count()).select_from(AgencyRow)):
                return False
            agency = AgencyRow(
                name=DEMO_AGENCY_NAME,
                account_number=DEMO_AGENCY_ACCOUNT,
                max_clients=DEMO_MAX_CLIENTS,
                max_visit_minutes=DEMO_MAX_VISIT_MINUTES,
            )
            session.add(agency)
            await session.flush()
            session.add_all(
                [
                    CaregiverRow(agency_id=agency.id, code=code, name=name, active=True)
                    for code, name in DEMO_CAREGIVERS.items()
                ]
            )
            session.add_all(
                [
                    ClientRow(agency_id=agency.id, code=code, name=name, phone=phone)
                    for code, (name, phone) in DEMO_CLIENTS.items()
                ]
            )
            session.add_all(
                [
                    ServiceRow(agency_id=agency.id, code=code, name=name)
                    for code, name in DEMO_SERVICES.items()
                ]
            )
            session.add_all(
                [
                    TaskRow(agency_id=agency.id, code=code, name=name)
                    for code, name in DEMO_TASKS.items()
                ]
            )
    except IntegrityError:
        # Two processes seeding at once: the other one won, which is the same result.
        return False
    return True
