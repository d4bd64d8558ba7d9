from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.evv.demo import (
    DEMO_AGENCY_ACCOUNT,
    DEMO_CAREGIVER,
    DEMO_CLIENT,
    DEMO_CLIENT_PHONE,
    seed_demo,
)
from app.systems.evv.models import AgencyRow, CaregiverRow, ClientRow, ServiceRow, TaskRow
from app.systems.evv.repository import EvvRepository


async def _counts(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessionmaker() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model)) or 0
            for model in (AgencyRow, CaregiverRow, ClientRow, ServiceRow, TaskRow)
        }


async def test_seed_demo_once(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    assert await seed_demo(sessionmaker) is True
    assert await seed_demo(sessionmaker) is False
    assert await _counts(sessionmaker) == {
        "agency": 1,
        "caregiver": 3,
        "client": 4,
        "service": 3,
        "task": 5,
    }


async def test_demo_codes_resolve(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    await seed_demo(sessionmaker)
    repo = EvvRepository(sessionmaker)
    caregiver = await repo.find_caregiver(DEMO_CAREGIVER)
    assert caregiver is not None and caregiver.name == "Maria Lopez"
    agency = await repo.get_agency(caregiver.agency_id)
    assert (agency.name, agency.account_number, agency.max_clients, agency.max_visit_minutes) == (
        "Sunrise Home Care",
        DEMO_AGENCY_ACCOUNT,
        3,
        720,
    )
    assert agency.timezone == "America/New_York"
    client = await repo.find_client(agency.id, DEMO_CLIENT)
    assert client is not None and (client.name, client.phone) == ("John Smith", DEMO_CLIENT_PHONE)


async def test_seed_demo_leaves_real_data_alone(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        session.add(AgencyRow(name="Real", account_number="9", max_clients=5, max_visit_minutes=60))
        await session.commit()
    assert await seed_demo(sessionmaker) is False
    assert (await _counts(sessionmaker))["caregiver"] == 0
