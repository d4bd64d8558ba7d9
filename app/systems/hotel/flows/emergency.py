"""An emergency number (112, 911; with or without the outside prefix) from any hotel
phone: the console hears of it at once, and it is dialed straight out with no class of
service check, presenting the hotel's main number so the emergency service can call back.

Nothing may hold the call up: the event goes out before anything else, the room is looked
up only to name it (a database that is down or slow costs the event its room, never the
call), and a failure to publish is logged, not raised.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.calls.dialing import DialingCall, DialStatus, PresentationRefused
from app.calls.digits import digits_of
from app.calls.flow import guarded
from app.calls.store_errors import STORE_ERRORS
from app.systems.hotel.store import HotelStore

log = logging.getLogger(__name__)

EMERGENCY_EVENT = "hotel.emergency"
# The room's name is worth this long a wait, no more.
LOOKUP_SECONDS = 0.5
LOOKUP_ERRORS: tuple[type[Exception], ...] = (TimeoutError, *STORE_ERRORS)


@dataclass
class EmergencyLine:
    store: HotelStore
    emergency_numbers: tuple[str, ...]
    outside_prefix: str
    main_number: str
    clock: Callable[[], datetime]
    publish: Callable[[str, Mapping[str, object]], None]
    ring_seconds: float = 120.0

    def number_of(self, dialled: str) -> str:
        if dialled not in self.emergency_numbers and dialled.startswith(self.outside_prefix):
            dialled = dialled[len(self.outside_prefix) :]
        return dialled

    async def __call__(self, call: DialingCall) -> None:
        number = self.number_of(digits_of(call.dialed_number))
        extension = digits_of(call.caller_number)
        room = await self._room_of(extension)
        try:
            self.publish(
                EMERGENCY_EVENT,
                {
                    "room": room,
                    "extension": extension,
                    "number": number,
                    "at": self.clock().isoformat(),
                    "channel": call.channel_id,
                },
            )
        except Exception:
            log.exception("hotel: the emergency event could not be published")
        log.warning("hotel: EMERGENCY call to %s from %s (room %s)", number, extension, room)

        async def steps() -> None:
            await call.ring()
            try:
                dialed = await call.dial(
                    number, present=self.main_number, timeout=self.ring_seconds
                )
            except PresentationRefused:
                log.error("hotel: the main number %s may not be presented", self.main_number)
                return
            if dialed.status is DialStatus.ANSWERED and dialed.leg is not None:
                await call.answer()
                await call.connect(dialed.leg, record_as=None)
            else:
                log.error("hotel: emergency call to %s: %s", number, dialed.status.value)

        await guarded(call, steps, store="hotel", answer=False)

    async def _room_of(self, extension: str) -> str | None:
        try:
            async with asyncio.timeout(LOOKUP_SECONDS):
                room = await self.store.room_by_extension(extension)
        except LOOKUP_ERRORS:
            log.warning("hotel: the emergency caller's room could not be looked up")
            return None
        return room.number if room is not None else None
