"""Do-not-disturb from the room phone (feature codes, *78 on and *79 off by default): the
guest's DND, which the operator's transfers read (rules/transfer.py), told back in the
guest's language. A vacant room or a staff phone is told to call the operator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.calls.call import Call
from app.calls.durable import durable
from app.calls.flow import guarded
from app.systems.hotel.flows.caller import guest_room
from app.systems.hotel.store import HotelStore


@dataclass
class DoNotDisturb:
    store: HotelStore
    on: bool
    default_language: str
    # Tells the dialplan at once (the follow pass would within a minute): extension, on.
    tell_pbx: Callable[[str, bool], Awaitable[object]] | None = None

    async def __call__(self, call: Call) -> None:
        async def steps() -> None:
            caller = await guest_room(call, self.store, self.default_language)
            assert caller.room is not None
            await durable(self.store.set_dnd(caller.room.number, self.on, source="phone"))
            if self.tell_pbx is not None:
                await self.tell_pbx(caller.room.extension, self.on)
            await call.play(
                ["hotel-room-dnd-on" if self.on else "hotel-room-dnd-off"], barge_in=False
            )

        await guarded(call, steps, store="hotel")
