"""Who is calling from a hotel phone: the room (and its guest, if one is in house) or the
staff member behind the extension, with the language they hear and what they may dial.

The caller's number is the phone's own extension: the platform's PJSIP endpoint sets it
from the table (app/pbx/phones/sections.py), so a phone cannot claim another room."""

from __future__ import annotations

from dataclasses import dataclass

from app.calls.call import Call
from app.calls.digits import digits_of
from app.calls.flow import Refused
from app.systems.hotel.rules.stay import ClassOfService, Guest, Room, Staff
from app.systems.hotel.store import HotelStore

# Heard by a phone the hotel does not know (or a room feature a vacant room cannot use).
CALL_OPERATOR = "hotel-room-call-operator"


@dataclass(frozen=True)
class RoomCaller:
    extension: str
    room: Room | None
    guest: Guest | None
    staff: Staff | None
    language: str

    @property
    def class_of_service(self) -> ClassOfService:
        """A vacant room is internal-only, whatever its row says."""
        if self.staff is not None:
            return self.staff.class_of_service
        if self.room is None or self.guest is None:
            return ClassOfService.INTERNAL
        return self.room.class_of_service


async def identify(call: Call, store: HotelStore, default_language: str) -> RoomCaller:
    extension = digits_of(call.caller_number)
    if not extension:
        raise Refused(CALL_OPERATOR)
    room = await store.room_by_extension(extension)
    if room is not None:
        guest = await store.in_house(room.number)
        language = guest.language.value if guest is not None else default_language
        return RoomCaller(extension, room, guest, None, language)
    staff = await store.staff_by_extension(extension)
    if staff is None:
        raise Refused(CALL_OPERATOR)
    return RoomCaller(extension, None, None, staff, default_language)


async def guest_room(call: Call, store: HotelStore, default_language: str) -> RoomCaller:
    """A room with a guest in house (DND and wake-ups are the guest's); anyone else is
    told to call the operator, in the language they hear."""
    caller = await identify(call, store, default_language)
    call.language = caller.language
    if caller.room is None or caller.guest is None:
        raise Refused(CALL_OPERATOR)
    return caller
