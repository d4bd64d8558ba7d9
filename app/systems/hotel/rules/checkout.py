"""What a check-out clears in the room (issue 13 item 1), and what a room move carries.

A check-out leaves the room as a vacant room's phone should be: voicemail emptied, DND
off, the message lamp off, every wake-up call cancelled and class of service back to
internal-only (so nobody can dial out on the departed guest's folio). A move carries the
guest's DND, class of service and wake-ups to the new room and clears the old one.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.systems.hotel.rules.fias import Equipment
from app.systems.hotel.rules.stay import ClassOfService, Room


@dataclass(frozen=True)
class VacatedRoom:
    room: str
    extension: str
    dnd: bool = False
    message_lamp: bool = False
    class_of_service: ClassOfService = ClassOfService.INTERNAL
    cancel_wakeups: bool = True
    clear_voicemail: bool = True

    @property
    def equipment(self) -> Equipment:
        """The RE record that tells the PMS the room's phone is vacant again."""
        return Equipment(self.room, self.dnd, int(self.class_of_service), self.message_lamp)


def vacate(room: Room) -> VacatedRoom:
    return VacatedRoom(room.number, room.extension)


@dataclass(frozen=True)
class MovedTo:
    dnd: bool
    class_of_service: ClassOfService


def carried(old: Room) -> MovedTo:
    """What the new room's phone takes from the old one's."""
    return MovedTo(old.dnd, old.class_of_service)
