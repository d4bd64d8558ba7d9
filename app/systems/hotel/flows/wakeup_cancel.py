"""Cancelling the room's wake-up calls from its phone (*56): every one still to ring."""

from __future__ import annotations

from dataclasses import dataclass

from app.calls.call import Call
from app.calls.durable import durable
from app.calls.flow import guarded
from app.systems.hotel.flows.caller import guest_room
from app.systems.hotel.store import HotelStore


@dataclass
class WakeUpCancel:
    store: HotelStore
    default_language: str

    async def __call__(self, call: Call) -> None:
        async def steps() -> None:
            caller = await guest_room(call, self.store, self.default_language)
            assert caller.room is not None
            cancelled = await durable(self.store.cancel_wakeups(caller.room.number))
            await call.play(
                ["hotel-room-wakeup-cancelled" if cancelled else "hotel-room-wakeup-none"],
                barge_in=False,
            )

        await guarded(call, steps, store="hotel")
