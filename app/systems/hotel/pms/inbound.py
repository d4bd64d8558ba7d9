"""What a record from the PMS does to the hotel: GI checks a guest in, GO out, GC changes
the stay (a room move when it names the old room), RE sets the room's phone. Records are
stored before they are applied (repository.receive_pms), so a crash in between leaves
them to be applied at the next start; one the hotel refuses is marked failed with why."""

from __future__ import annotations

from datetime import datetime

from app.systems.hotel.records import CheckIn
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules import fias
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.stay import ClassOfService, Language

# FIAS language codes the PMSs send, and ours (anything else: the hotel's default).
LANGUAGES = {
    "zh": Language.ZH,
    "cn": Language.ZH,
    "ch": Language.ZH,
    "c": Language.ZH,
    "en": Language.EN,
    "e": Language.EN,
    "ea": Language.EN,
    "eb": Language.EN,
}


def language_of(code: str, default: Language) -> Language:
    return LANGUAGES.get(code.strip().lower(), default)


async def apply_record(repo: HotelRepository, record: fias.Record, now: datetime) -> str:
    """Apply one inbound record; what it did, for the log. HotelError / FiasError when the
    hotel cannot (unknown room, a room with no guest, another guest's reservation)."""
    if record.kind == "RE":
        equipment = fias.equipment_of(record)
        if equipment.dnd is not None:
            await repo.set_dnd(equipment.room, equipment.dnd, source="pms")
        if equipment.class_of_service is not None:
            await repo.set_class_of_service(
                equipment.room, ClassOfService(equipment.class_of_service), source="pms"
            )
        if equipment.message_lamp is not None:
            await repo.set_message_lamp(equipment.room, equipment.message_lamp, source="pms")
        return f"room {equipment.room}: equipment set"
    guest = fias.guest_message(record)
    default = Language(repo.hotel.default_language)
    if guest.kind == "GI":
        if not guest.name:
            raise fias.FiasError("GI record without GN (the guest's name)")
        stay = await repo.check_in(
            CheckIn(
                room=guest.room,
                name=guest.name,
                language=language_of(guest.language, default),
                privacy=bool(guest.privacy),
                departure=guest.departure,
                reservation=guest.reservation or None,
                source="pms",
            ),
            now,
        )
        return f"room {stay.room_number}: {stay.name} checked in"
    if guest.kind == "GO":
        await _same_reservation(repo, guest.room, guest.reservation)
        done = await repo.check_out(guest.room, now, source="pms")
        return f"room {guest.room}: {done.guest.name} checked out"
    room = guest.room
    if guest.old_room and guest.old_room != guest.room:
        await _same_reservation(repo, guest.old_room, guest.reservation)
        await repo.move(guest.old_room, guest.room, now, source="pms")
    else:
        await _same_reservation(repo, room, guest.reservation)
    changed = await repo.change_guest(
        room,
        name=guest.name or None,
        language=language_of(guest.language, default) if guest.language else None,
        privacy=guest.privacy,
    )
    return f"room {changed.room_number}: {changed.name} changed"


async def _same_reservation(repo: HotelRepository, room: str, reservation: str) -> None:
    """A GO or GC for a reservation that is not the room's guest must not touch them."""
    current = await repo.in_house(room)
    if current is None:
        raise HotelError(f"room {room} has no guest checked in")
    if reservation and current.reservation and current.reservation != reservation:
        raise HotelError(
            f"room {room}: reservation {reservation} is not the guest in house "
            f"({current.reservation})"
        )
