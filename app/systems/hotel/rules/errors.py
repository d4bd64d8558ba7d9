"""What the hotel refuses on purpose, each with the sentence staff see."""

from __future__ import annotations


class HotelError(Exception):
    """A request the hotel's data does not allow; the message names what is wrong."""


class UnknownRoom(HotelError):
    def __init__(self, room: str) -> None:
        super().__init__(f"there is no room {room}")
        self.room = room


class NoGuest(HotelError):
    def __init__(self, room: str) -> None:
        super().__init__(f"room {room} has no guest checked in")
        self.room = room


class RoomOccupied(HotelError):
    def __init__(self, room: str, guest: str) -> None:
        super().__init__(f"room {room} is occupied by {guest}; check them out or move them first")
        self.room = room


class UnknownVoucher(HotelError):
    def __init__(self, voucher_id: int) -> None:
        super().__init__(f"there is no voucher {voucher_id}")


class UnknownExtension(HotelError):
    def __init__(self, extension: str) -> None:
        super().__init__(f"there is no staff extension {extension}")
