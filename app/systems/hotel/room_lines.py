"""The room phones' side of the hotel, built once for the controller: the flows a room or
staff phone's calls reach (direct dial, emergency, DND, wake-up set/cancel, the wake-up
call itself), the wake-up scheduler, and making every room's phone at start.

What the staff console calls (plain async services, no web code here):

    lines = build_room_lines(platform, hotel, store)
    await lines.ensure_phones()            -> list[NewSecret]  (rooms/staff without a phone)
    await lines.scheduler.place_due()      -> int              (claim and ring what is due)

and the events it publishes through `Platform.console_events`: "hotel.emergency"
{room, extension, number, at, channel} and "hotel.wakeup.failed" {wakeup, room, time,
attempts, state}.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from app.calls.flow import Flow
from app.calls.store_errors import STORE_ERRORS
from app.pbx.phones.directory import NewSecret
from app.pbx.phones.rules import PhoneRefused
from app.system import Platform
from app.systems.hotel.dids import (
    DIRECT_DIAL_FLOW,
    DND_OFF_FLOW,
    DND_ON_FLOW,
    EMERGENCY_FLOW,
    WAKEUP_CALL_FLOW,
    WAKEUP_CANCEL_FLOW,
    WAKEUP_SET_FLOW,
)
from app.systems.hotel.flows.direct_dial import DirectDial
from app.systems.hotel.flows.dnd import DoNotDisturb
from app.systems.hotel.flows.emergency import EmergencyLine
from app.systems.hotel.flows.wakeup_call import RingingWakeUps, WakeUpCall
from app.systems.hotel.flows.wakeup_cancel import WakeUpCancel
from app.systems.hotel.flows.wakeup_set import WakeUpOrder
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.room_phones import ensure_phones
from app.systems.hotel.room_settings import RoomPhoneSettings, load_room_phones
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.wakeup_ringer import WakeUpRinger, console_alert
from app.systems.hotel.wakeups import WakeUpScheduler

log = logging.getLogger(__name__)

# How often the phones are checked against the rooms (a pass with no change costs reads).
FOLLOW_SECONDS = 60.0
FOLLOW_ERRORS: tuple[type[Exception], ...] = (*STORE_ERRORS, PhoneRefused, OSError)


@dataclass
class RoomLines:
    flows: dict[str, Flow]
    scheduler: WakeUpScheduler
    platform: Platform
    hotel: HotelSettings
    store: HotelRepository
    # What Asterisk was last told of each room phone's do-not-disturb.
    dnd_told: dict[str, bool] = field(default_factory=dict)

    async def tell_dnd(self) -> None:
        """Each room's DND into the dialplan (a room calling a room on DND reaches its
        voicemail), whatever set it: the phone's code, the console or the PMS."""
        for room, _ in await self.store.rooms():
            told = self.dnd_told.get(room.extension)
            if told != room.dnd and await self.platform.phones.set_dnd(room.extension, room.dnd):
                self.dnd_told[room.extension] = room.dnd

    async def ensure_phones(self) -> list[NewSecret]:
        created = await ensure_phones(
            self.store,
            self.platform.phones,
            self.hotel.default_language,
            self.platform.settings.runtime_dir / "secrets.env",
        )
        if created:
            log.info(
                "hotel: %d room/staff phone(s) created; their secrets are in %s as "
                "hotel_phone_<extension>",
                len(created),
                self.platform.settings.runtime_dir / "secrets.env",
            )
        return created

    async def clear_earlier_voicemail(self) -> int:
        """Check-out empties the room's voicemail (issue 13 item 1), whichever process
        checked the guest out (CLI, console, PMS): a vacant room's box is emptied, and an
        occupied room's keeps only what came since its guest checked in (a guest who
        arrived before this pass never hears the last one's messages). Idempotent, so a
        pass after a restart finishes what the last could not."""
        removed = 0
        for room, guest in await self.store.rooms():
            since = None if guest is None else guest.checked_in_at
            count = await self.platform.phones.clear_voicemail(room.extension, before=since)
            if count:
                log.info("hotel: room %s: %d earlier guest's voicemail message(s) removed",
                         room.number, count)  # fmt: skip
            removed += count
        return removed

    async def follow_rooms(self, every: float = FOLLOW_SECONDS) -> None:
        """The phones keep up with the rooms: new rooms and staff, guests' languages, and
        the voicemail of rooms whose guest left."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.ensure_phones()
                await self.tell_dnd()
                await self.clear_earlier_voicemail()
            except FOLLOW_ERRORS:
                log.warning("hotel: the room phones could not follow the rooms", exc_info=True)


def build_room_lines(platform: Platform, hotel: HotelSettings, store: HotelRepository) -> RoomLines:
    codes: RoomPhoneSettings = load_room_phones(platform.settings.env)
    language = hotel.default_language
    emergency = EmergencyLine(
        store,
        hotel.emergency_numbers,
        hotel.outside_prefix,
        hotel.main_number,
        platform.clock,
        platform.console_events,
    )
    ringing = RingingWakeUps()
    flows: dict[str, Flow] = {
        EMERGENCY_FLOW: emergency,
        DIRECT_DIAL_FLOW: DirectDial(
            store,
            store.plan,
            hotel.main_number,
            language,
            codes.outside_ring_seconds,
            platform.clock,
            emergency,
        ),
        DND_ON_FLOW: DoNotDisturb(store, True, language, platform.phones.set_dnd),
        DND_OFF_FLOW: DoNotDisturb(store, False, language, platform.phones.set_dnd),
        WAKEUP_SET_FLOW: WakeUpOrder(store, codes.wakeup_code, language, platform.clock),
        WAKEUP_CANCEL_FLOW: WakeUpCancel(store, language),
        WAKEUP_CALL_FLOW: WakeUpCall(
            ringing,
            codes.wakeup_confirm_key,
            codes.wakeup_snooze_key,
            hotel.snooze_minutes,
            codes.wakeup_plays,
        ),
    }
    ringer = WakeUpRinger(
        platform.phone_line,
        ringing,
        ring_seconds=codes.wakeup_ring_seconds,
        caller_id=f'"{hotel.name_en}" <{hotel.main_number}>',
    )
    scheduler = WakeUpScheduler(
        store,
        ringer,
        console_alert(platform.console_events),
        platform.clock,
        poll_seconds=codes.wakeup_poll_seconds,
    )
    return RoomLines(flows, scheduler, platform, hotel, store)
