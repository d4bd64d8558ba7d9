"""Create, list and pick agencies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.dates import zone_named
from app.admin.errors import AdminError
from app.db.engine import transaction
from app.systems.evv.models import AgencyRow
from app.systems.evv.repository import agency_of
from app.systems.evv.rules.reference import Agency

MAX_ACCOUNT_DIGITS = 32  # agency.account_number is String(32)
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class NewAgency:
    name: str
    account_number: str
    max_clients: int
    max_visit_minutes: int
    timezone: str

    def check(self) -> None:
        """Refuse what the call flows could not work with, before touching the database."""
        if not self.name.strip() or len(self.name) > MAX_NAME_LENGTH:
            raise AdminError(f"agency name must be 1 to {MAX_NAME_LENGTH} characters")
        account = self.account_number
        if not (account.isascii() and account.isdigit()) or len(account) > MAX_ACCOUNT_DIGITS:
            raise AdminError(f"account number {account!r} must be 1 to 32 digits")
        if self.max_clients < 1:
            raise AdminError("--max-clients must be at least 1")
        if self.max_visit_minutes < 1:
            raise AdminError("--max-visit-minutes must be at least 1")
        zone_named(self.timezone)


async def add_agency(sessionmaker: async_sessionmaker[AsyncSession], new: NewAgency) -> Agency:
    new.check()
    async with transaction(sessionmaker) as session:
        taken = await session.scalar(
            select(AgencyRow.id).where(AgencyRow.account_number == new.account_number)
        )
        if taken is not None:
            raise AdminError(f"agency account {new.account_number} already exists")
        row = AgencyRow(
            name=new.name.strip(),
            account_number=new.account_number,
            max_clients=new.max_clients,
            max_visit_minutes=new.max_visit_minutes,
            timezone=new.timezone,
        )
        session.add(row)
        await session.flush()
        return agency_of(row)


async def list_agencies(sessionmaker: async_sessionmaker[AsyncSession]) -> list[Agency]:
    async with sessionmaker() as session:
        rows = await session.scalars(select(AgencyRow).order_by(AgencyRow.account_number))
        return [agency_of(row) for row in rows]


async def resolve_agency(
    sessionmaker: async_sessionmaker[AsyncSession], account: str | None
) -> Agency:
    """The agency with this account number; without one, the only agency there is.

    Guessing among several agencies would export one agency's visits as another's.
    """
    agencies = await list_agencies(sessionmaker)
    if account is not None:
        for agency in agencies:
            if agency.account_number == account:
                return agency
        raise AdminError(f"no agency with account number {account}")
    if len(agencies) == 1:
        return agencies[0]
    if not agencies:
        raise AdminError("no agency yet: create one with `switchboard agency add`")
    accounts = ", ".join(agency.account_number for agency in agencies)
    raise AdminError(f"several agencies ({accounts}): choose one with --agency ACCOUNT")
