"""Demo data for masked calling: the pool, shoppers and pairings a fresh install dials with.

The numbers are exported so tests and the README use the same ones.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import transaction
from app.systems.masking.models import FictitiousNumberRow, PairingRow, ShopperRow

# Masked calling (seed 001): the operator's pool, one shopper with one fictitious number and
# one with two (so both access-number variants can be tried).
DEMO_POOL = ("234234301", "234234302", "234234303", "234234304")
DEMO_SHOPPER_ONE = "602111222"
DEMO_SHOPPER_TWO = "603333444"
# real number: (name, fictitious numbers in ID order)
DEMO_SHOPPERS: dict[str, tuple[str, tuple[str, ...]]] = {
    DEMO_SHOPPER_ONE: ("Jana Novakova", ("234234301",)),
    DEMO_SHOPPER_TWO: ("Petr Svoboda", ("234234302", "234234303")),
}


async def seed_masking_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Insert the demo pool, shoppers and pairings when there is no shopper at all."""
    try:
        async with transaction(sessionmaker) as session:
            if await session.scalar(select(func.count()).select_from(ShopperRow)):
                return False
            pool = {number: FictitiousNumberRow(number=number) for number in DEMO_POOL}
            session.add_all(pool.values())
            for real_number, (name, numbers) in DEMO_SHOPPERS.items():
                shopper = ShopperRow(name=name, real_number=real_number, active=True)
                session.add(shopper)
                await session.flush()
                session.add_all(
                    PairingRow(
                        shopper_id=shopper.id,
                        fictitious_number_id=pool[number].id,
                        ordinal=ordinal,
                    )
                    for ordinal, number in enumerate(numbers, start=1)
                )
    except IntegrityError:
        return False
    return True
