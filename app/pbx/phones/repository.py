"""The phones table: what the directory, the renderer and the CLI read and write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.base import utc_now
from app.pbx.phones.models import PhoneRow
from app.pbx.phones.rules import PhoneRefused, PhoneSpec


@dataclass(frozen=True)
class Phone:
    """A phone as the renderer and the systems see it (never its secret)."""

    extension: str
    context: str
    display_name: str
    language: str
    mailbox: bool
    owner: str
    enabled: bool
    message_lamp: bool
    secret_digest: str
    created_at: datetime


def _phone(row: PhoneRow) -> Phone:
    return Phone(
        extension=row.extension,
        context=row.context,
        display_name=row.display_name,
        language=row.language,
        mailbox=row.mailbox,
        owner=row.owner,
        enabled=row.enabled,
        message_lamp=row.message_lamp,
        secret_digest=row.secret_digest,
        created_at=row.created_at,
    )


class PhoneRepository:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def add(self, spec: PhoneSpec, secret_digest: str) -> Phone:
        """Insert a phone; PhoneRefused if its extension is taken (by any owner)."""
        now = utc_now()
        row = PhoneRow(
            extension=spec.extension,
            secret_digest=secret_digest,
            context=spec.context,
            display_name=spec.display_name,
            language=spec.language,
            mailbox=spec.mailbox,
            owner=spec.owner,
            enabled=True,
            message_lamp=False,
            created_at=now,
            updated_at=now,
        )
        try:
            async with self._sessionmaker.begin() as session:
                session.add(row)
        except IntegrityError:
            raise PhoneRefused(f"extension {spec.extension} already exists") from None
        return _phone(row)

    async def update(self, spec: PhoneSpec) -> Phone | None:
        """Bring an existing phone's context, name, language and mailbox to `spec` (the
        secret, owner and enabled flag stay). None if there is no such phone."""
        async with self._sessionmaker.begin() as session:
            row = await self._row(session, spec.extension)
            if row is None:
                return None
            if row.owner != spec.owner:
                raise PhoneRefused(f"extension {spec.extension} belongs to {row.owner}")
            row.context = spec.context
            row.display_name = spec.display_name
            row.language = spec.language
            row.mailbox = spec.mailbox
            row.updated_at = utc_now()
            return _phone(row)

    async def get(self, extension: str) -> Phone | None:
        async with self._sessionmaker() as session:
            row = await self._row(session, extension)
            return None if row is None else _phone(row)

    async def list(self, *, owner: str | None = None) -> list[Phone]:
        query = select(PhoneRow).order_by(PhoneRow.extension)
        if owner is not None:
            query = query.where(PhoneRow.owner == owner)
        async with self._sessionmaker() as session:
            return [_phone(row) for row in (await session.scalars(query)).all()]

    async def set_secret(self, extension: str, secret_digest: str) -> bool:
        return await self._set(extension, secret_digest=secret_digest)

    async def set_enabled(self, extension: str, enabled: bool) -> bool:
        return await self._set(extension, enabled=enabled)

    async def set_lamp(self, extension: str, lit: bool) -> bool:
        return await self._set(extension, message_lamp=lit)

    async def _set(self, extension: str, **values: object) -> bool:
        """One conditional UPDATE; False when no phone has that extension."""
        statement = (
            update(PhoneRow)
            .where(PhoneRow.extension == extension)
            .values(**values, updated_at=utc_now())
        )
        async with self._sessionmaker.begin() as session:
            result = await session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    @staticmethod
    async def _row(session: AsyncSession, extension: str) -> PhoneRow | None:
        found: PhoneRow | None = await session.scalar(
            select(PhoneRow).where(PhoneRow.extension == extension)
        )
        return found
