"""The platform API for phones: what a system (or the admin CLI) calls to create, change
and list its phones. Every change is written to the table first, then published to the
running Asterisk (files + module reload); if Asterisk cannot be asked, the table still
holds the change and the controller publishes it at its next start.

    directory = platform.phones
    created = await directory.ensure_all([PhoneSpec("201", "hotel-rooms", "hotel",
                                                    "Room 201", "zh", mailbox=True), ...])
    for phone in created: print(phone.extension, phone.secret)   # new phones only
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import Settings
from app.pbx.phones.publish import publish
from app.pbx.phones.repository import Phone, PhoneRepository
from app.pbx.phones.rules import PhoneRefused, PhoneSpec, check, secret_digest
from app.telephony.ami.actions import AmiError
from app.telephony.dnd import set_dnd
from app.telephony.lamps import refresh_lamp, write_lamp
from app.telephony.voicemail import empty_box, refresh_box

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewSecret:
    """A phone's secret, as generated: shown once to whoever provisions the phone."""

    extension: str
    secret: str


def new_secret() -> str:
    # 24 URL-safe characters (144 bits): typed into a phone's web page once, never guessed.
    return secrets.token_urlsafe(18)


class PhoneDirectory:
    def __init__(self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.settings = settings
        self.repository = PhoneRepository(sessionmaker)
        # Whether the last change reached the running Asterisk (for the CLI to say so).
        self.reached_asterisk = True

    async def add(self, spec: PhoneSpec) -> NewSecret:
        """A new phone (PhoneRefused if the extension exists or a field is wrong)."""
        spec = check(spec)
        secret = new_secret()
        await self.repository.add(spec, secret_digest(spec.extension, secret))
        await self.publish()
        return NewSecret(spec.extension, secret)

    async def ensure_all(self, specs: Sequence[PhoneSpec]) -> list[NewSecret]:
        """A system's phones as it wants them, published once: missing ones are created
        (their secrets returned), existing ones of the same owner take the spec's context,
        name, language and mailbox and keep their secret. Another owner's extension is
        refused before anything is written."""
        checked = [check(spec) for spec in specs]
        for spec in checked:
            existing = await self.repository.get(spec.extension)
            if existing is not None and existing.owner != spec.owner:
                raise PhoneRefused(f"extension {spec.extension} belongs to {existing.owner}")
        created: list[NewSecret] = []
        for spec in checked:
            if await self.repository.update(spec) is None:
                secret = new_secret()
                await self.repository.add(spec, secret_digest(spec.extension, secret))
                created.append(NewSecret(spec.extension, secret))
        await self.publish()
        return created

    async def renew_secret(self, extension: str) -> NewSecret:
        """A fresh secret; the old one stops working at the reload."""
        secret = new_secret()
        if not await self.repository.set_secret(extension, secret_digest(extension, secret)):
            raise PhoneRefused(f"no phone with extension {extension}")
        await self.publish()
        return NewSecret(extension, secret)

    async def set_enabled(self, extension: str, enabled: bool) -> None:
        """A disabled phone is no endpoint: its registration and calls are refused."""
        if not await self.repository.set_enabled(extension, enabled):
            raise PhoneRefused(f"no phone with extension {extension}")
        await self.publish()

    async def set_lamp(self, extension: str, lit: bool) -> None:
        """Light or clear the phone's message lamp (apart from its voicemail's count)."""
        if not await self.repository.set_lamp(extension, lit):
            raise PhoneRefused(f"no phone with extension {extension}")
        await self._show_lamp(extension, lit)

    async def clear_voicemail(self, extension: str, *, before: datetime | None = None) -> int:
        """Empty the phone's voicemail box (messages and greetings; with `before`, only
        what is older) and put its voicemail lamp out; the number of messages removed. An
        empty box costs no AMI request."""
        removed = empty_box(self.settings, extension, before=before)
        if removed:
            try:
                await refresh_box(self.settings, extension)
            except AmiError as exc:
                log.warning(
                    "phone %s: voicemail refresh not sent (%s); the poll will", extension, exc
                )
        return removed

    async def set_dnd(self, extension: str, on: bool) -> bool:
        """Do-not-disturb for the dialplan: a call to the phone goes to its voicemail
        unrung. False (logged) if Asterisk could not be told; the caller retries."""
        try:
            await set_dnd(self.settings, extension, on)
        except AmiError as exc:
            if not on and "could not be deleted" in str(exc):
                return True  # AMI's answer to clearing a key never set: nothing to clear
            log.warning("phone %s: do-not-disturb not set in Asterisk (%s)", extension, exc)
            return False
        return True

    async def get(self, extension: str) -> Phone | None:
        return await self.repository.get(extension)

    async def list(self, *, owner: str | None = None) -> list[Phone]:
        return await self.repository.list(owner=owner)

    async def publish(self, *, force: bool = False) -> bool:
        """The table into the running Asterisk; False (logged) if it could not be asked."""
        phones = await self.repository.list()
        try:
            await publish(self.settings, phones, force=force)
        except AmiError as exc:
            log.warning("phones: Asterisk not reloaded (%s); the change applies at its start", exc)
            self.reached_asterisk = False
        else:
            self.reached_asterisk = True
        return self.reached_asterisk

    async def restore_lamps(self) -> None:
        """At start: every lamp the table says is lit, lit (and the others dark)."""
        for phone in await self.repository.list():
            await self._show_lamp(phone.extension, phone.message_lamp and phone.enabled)

    async def _show_lamp(self, extension: str, lit: bool) -> None:
        self.reached_asterisk = True
        if not write_lamp(self.settings, extension, lit):
            return
        try:
            await refresh_lamp(self.settings, extension)
        except AmiError as exc:
            self.reached_asterisk = False
            log.warning("phone %s: lamp refresh not sent (%s); the poll will", extension, exc)
