"""Every room's and staff member's extension as a registered phone of the platform
(app/pbx/phones): context `hotel-rooms`, a voicemail box, the guest's language.

Made at start (so the demo and rooms added while the controller was down have phones),
when a room is added from the CLI, and kept following the rooms while the controller runs
(a guest checked in by the PMS gets their language on the phone within a minute); a pass
that finds nothing to change writes nothing and reloads nothing. A phone created here gets
a generated secret once: appended to the runtime's git-ignored secrets file (mode 0600)
as `hotel_phone_<ext>` and returned for the CLI to print, as `switchboard phones add`
does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from app.pbx.phones.directory import NewSecret
from app.pbx.phones.repository import Phone
from app.pbx.phones.rules import PhoneSpec, check
from app.systems.hotel.dids import ROOMS_CONTEXT
from app.systems.hotel.rules.stay import Guest, Room, Staff

OWNER = "hotel"

log = logging.getLogger(__name__)


class Phones(Protocol):
    async def ensure_all(self, specs: Sequence[PhoneSpec]) -> list[NewSecret]: ...

    async def list(self, *, owner: str | None = None) -> list[Phone]: ...


class RoomsAndStaff(Protocol):
    async def rooms(self) -> list[tuple[Room, Guest | None]]: ...

    async def staff(self) -> list[Staff]: ...


def phone_specs(
    rooms: Sequence[tuple[Room, Guest | None]], staff: Sequence[Staff], default_language: str
) -> list[PhoneSpec]:
    specs = [
        PhoneSpec(
            room.extension,
            ROOMS_CONTEXT,
            OWNER,
            f"Room {room.number}",
            guest.language.value if guest is not None else default_language,
            mailbox=True,
        )
        for room, guest in rooms
    ]
    specs.extend(
        PhoneSpec(
            member.extension,
            ROOMS_CONTEXT,
            OWNER,
            f"{member.department} {member.extension}",
            default_language,
            mailbox=True,
        )
        for member in staff
    )
    return specs


async def ensure_phones(
    hotel: RoomsAndStaff, phones: Phones, default_language: str, secrets_file: Path | None
) -> list[NewSecret]:
    specs = phone_specs(await hotel.rooms(), await hotel.staff(), default_language)
    # An extension someone already gave a phone of their own (`switchboard phones add 2001`)
    # stays theirs: the hotel says so instead of refusing to start.
    existing = await phones.list()
    others = {p.extension: p.owner for p in existing if p.owner != OWNER}
    for spec in specs:
        if spec.extension in others:
            log.warning(
                "hotel: extension %s is a phone of %s, not the hotel's: it is left as it is",
                spec.extension,
                others[spec.extension],
            )
    ours = {_shape_of(p) for p in existing if p.owner == OWNER}
    wanted = [s for s in specs if s.extension not in others]
    if all(_shape(check(s)) in ours for s in wanted):
        return []  # nothing to change: no writes, no reload
    created = await phones.ensure_all(wanted)
    if created and secrets_file is not None:
        keep_secrets(secrets_file, created)
    return created


def _shape(spec: PhoneSpec) -> tuple[str, str, str, str, bool]:
    return (spec.extension, spec.context, spec.display_name, spec.language, spec.mailbox)


def _shape_of(phone: Phone) -> tuple[str, str, str, str, bool]:
    return (phone.extension, phone.context, phone.display_name, phone.language, phone.mailbox)


def keep_secrets(path: Path, created: Sequence[NewSecret]) -> None:
    """Append (or replace) `hotel_phone_<ext>=<secret>` lines, atomically, mode 0600."""
    names = {f"hotel_phone_{new.extension}": new.secret for new in created}
    lines = path.read_text().splitlines() if path.exists() else []
    kept = [line for line in lines if line.partition("=")[0].strip() not in names]
    kept.extend(f"{name}={secret}" for name, secret in names.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".phones.tmp")
    tmp.write_text("\n".join(kept) + "\n")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
