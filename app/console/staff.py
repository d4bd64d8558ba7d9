"""Staff accounts: who may sign in to the console, with which role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.console.models import StaffRow, StaffSessionRow
from app.console.passwords import hash_password
from app.console.roles import checked_role

USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    extension: str | None


class StaffError(ValueError):
    """A staff change that cannot be made, worded for the admin."""


def checked_username(username: str) -> str:
    name = username.strip().lower()
    if not 1 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise StaffError(f"not a username: {username!r} (1-64 of a-z, 0-9, '.', '_' and '-')")
    return name


def staff_of(row: StaffRow) -> Staff:
    return Staff(row.id, row.username, row.display_name, row.role, row.disabled, row.extension)


class StaffAccounts:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def add(
        self,
        username: str,
        password: str,
        *,
        role: str,
        display_name: str | None = None,
        extension: str | None = None,
    ) -> Staff:
        name = checked_username(username)
        row = StaffRow(
            username=name,
            display_name=(display_name or name).strip()[:200],
            role=checked_role(role),
            password_hash=hash_password(password),
            disabled=False,
            extension=extension or None,
        )
        async with self.sessionmaker() as session:
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                raise StaffError(f"staff {name!r} already exists") from None
            return staff_of(row)

    async def find(self, username: str) -> tuple[Staff, str] | None:
        """The account and its password hash, for signing in."""
        async with self.sessionmaker() as session:
            row = await session.scalar(
                select(StaffRow).where(StaffRow.username == username.strip().lower())
            )
            return None if row is None else (staff_of(row), row.password_hash)

    async def all(self) -> list[Staff]:
        async with self.sessionmaker() as session:
            rows = await session.scalars(select(StaffRow).order_by(StaffRow.username))
            return [staff_of(row) for row in rows]

    async def any(self) -> bool:
        async with self.sessionmaker() as session:
            return await session.scalar(select(StaffRow.id).limit(1)) is not None

    async def set_password(self, username: str, password: str) -> Staff:
        """A new password signs the account out everywhere."""
        return await self._change(username, password_hash=hash_password(password))

    async def rehash(self, staff_id: int, password: str) -> None:
        async with self.sessionmaker() as session:
            await session.execute(
                update(StaffRow)
                .where(StaffRow.id == staff_id)
                .values(password_hash=hash_password(password))
            )
            await session.commit()

    async def disable(self, username: str) -> Staff:
        return await self._change(username, disabled=True)

    async def _change(self, username: str, **values: object) -> Staff:
        name = checked_username(username)
        async with self.sessionmaker() as session:
            row = await session.scalar(select(StaffRow).where(StaffRow.username == name))
            if row is None:
                raise StaffError(f"no staff named {name!r}")
            for key, value in values.items():
                setattr(row, key, value)
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.staff_id == row.id))
            await session.commit()
            return staff_of(row)
