"""Server-side sign-in sessions: the browser holds a random token, the database its hash,
the staff id, an expiry and the session's CSRF token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.console.models import StaffRow, StaffSessionRow
from app.console.staff import Staff, staff_of


@dataclass(frozen=True)
class SignIn:
    id: int
    staff: Staff
    csrf_token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SignIns:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], lifetime: timedelta) -> None:
        self.sessionmaker = sessionmaker
        self.lifetime = lifetime

    async def open(self, staff: Staff, now: datetime, address: str | None) -> tuple[str, SignIn]:
        """A new session; returns the cookie's token (never stored) and the session."""
        token = secrets.token_urlsafe(32)
        row = StaffSessionRow(
            token_hash=token_hash(token),
            staff_id=staff.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + self.lifetime,
            client_address=address,
        )
        async with self.sessionmaker() as session:
            # Expired sessions of this staff go here, so the table never grows without end.
            await session.execute(
                delete(StaffSessionRow).where(
                    StaffSessionRow.staff_id == staff.id, StaffSessionRow.expires_at <= now
                )
            )
            session.add(row)
            await session.commit()
            return token, SignIn(row.id, staff, row.csrf_token, row.expires_at)

    async def find(self, token: str, now: datetime) -> SignIn | None:
        """The live session for a cookie: not expired, its staff not disabled."""
        if not token or len(token) > 128:
            return None
        async with self.sessionmaker() as session:
            found = (
                await session.execute(
                    select(StaffSessionRow, StaffRow)
                    .join(StaffRow, StaffRow.id == StaffSessionRow.staff_id)
                    .where(StaffSessionRow.token_hash == token_hash(token))
                )
            ).first()
        if found is None:
            return None
        row, staff = found
        if row.expires_at <= now or staff.disabled:
            return None
        return SignIn(row.id, staff_of(staff), row.csrf_token, row.expires_at)

    async def alive(self, session_id: int, now: datetime) -> bool:
        """Still signed in: not closed, not expired, the account not disabled (a change the
        CLI made in another process shows here)."""
        async with self.sessionmaker() as session:
            found = await session.scalar(
                select(StaffSessionRow.id)
                .join(StaffRow, StaffRow.id == StaffSessionRow.staff_id)
                .where(
                    StaffSessionRow.id == session_id,
                    StaffSessionRow.expires_at > now,
                    StaffRow.disabled.is_(False),
                )
            )
            return found is not None

    async def close(self, session_id: int) -> None:
        async with self.sessionmaker() as session:
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.id == session_id))
            await session.commit()

    async def purge_expired(self, now: datetime) -> int:
        async with self.sessionmaker() as session:
            result = await session.execute(
                delete(StaffSessionRow).where(StaffSessionRow.expires_at <= now)
            )
            await session.commit()
            return int(getattr(result, "rowcount", 0) or 0)
