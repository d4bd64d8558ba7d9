"""Setting a wake-up call from the room phone: the feature code (*55), then HHMM (asked
for, or dialled with the code: *550630), read back in the guest's language, then
1 once, 2 every day, 3 not at all. Stored through the store (rules/wakeup.py says when it
is due); the scheduler (app/systems/hotel/wakeups.py) places it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app.calls.call import Call
from app.calls.dialogs import ask, choose
from app.calls.digits import digits_of
from app.calls.durable import durable
from app.calls.flow import guarded
from app.calls.speech import say_time
from app.systems.hotel.flows.caller import guest_room
from app.systems.hotel.rules.wakeup import parse_hhmm
from app.systems.hotel.store import HotelStore

ONCE, DAILY, NOT_AT_ALL = "1", "2", "3"


def time_of(digits: str) -> dt.time | None:
    try:
        return parse_hhmm(digits)
    except ValueError:
        return None


@dataclass
class WakeUpOrder:
    store: HotelStore
    code: str
    default_language: str
    clock: Callable[[], dt.datetime]

    async def __call__(self, call: Call) -> None:
        async def steps() -> None:
            caller = await guest_room(call, self.store, self.default_language)
            assert caller.room is not None
            dialled = digits_of(call.dialed_number)
            code_digits = digits_of(self.code)
            typed = dialled[len(code_digits) :] if dialled.startswith(code_digits) else ""
            at = time_of(typed) if typed else None

            async def lookup(digits: str) -> dt.time | None:
                return time_of(digits)

            if at is None:
                at = await ask(
                    call,
                    ["hotel-room-wakeup-enter"],
                    lookup,
                    max_digits=4,
                    invalid="hotel-room-wakeup-invalid",
                )
            await call.play(["hotel-room-wakeup-at", *say_time(at, call.language)], barge_in=False)
            choice = await choose(
                call,
                ["hotel-room-wakeup-menu"],
                ONCE + DAILY + NOT_AT_ALL,
                invalid="hotel-room-wakeup-invalid-choice",
            )
            if choice == NOT_AT_ALL:
                await call.play(["hotel-room-wakeup-not-set"], barge_in=False)
                return
            hhmm = f"{at.hour:02d}{at.minute:02d}"
            await durable(
                self.store.set_wakeup(
                    caller.room.number, hhmm, choice == DAILY, self.clock(), set_by="phone"
                )
            )
            await call.play(
                ["hotel-room-wakeup-set-daily" if choice == DAILY else "hotel-room-wakeup-set"],
                barge_in=False,
            )

        await guarded(call, steps, store="hotel")
