"""Reaching an operator (seed 002: answer within three rings), the steps both the room's
operator code and the main number share.

The logged-in operators' phones ring one after the other, each for about three rings
(`operator_ring_seconds`), then the front desk. Meanwhile any operator may take the call
from the console: the phone ringing then stops and the taker's phone rings instead. Only
the operator who took the call (on the phone or the console) is connected.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from app.calls.dialing import Dialed, DialingCall, DialStatus
from app.systems.hotel.desk import Offer, OperatorDesk
from app.systems.hotel.flows.transfer import talk
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore

# Which of these phones are registered now (the platform's presence).
Registered = Callable[[Sequence[str]], Awaitable[set[str]]]
ConsoleEvents = Callable[[str, Mapping[str, object]], None]

OFFERED = "hotel.call.offered"
TAKEN = "hotel.call.taken"
UNANSWERED = "hotel.call.unanswered"
ENDED = "hotel.call.ended"


@dataclass(frozen=True)
class Hunt:
    store: HotelStore
    hotel: HotelSettings
    registered: Registered
    desk: OperatorDesk
    events: ConsoleEvents

    async def operators(self) -> list[str]:
        """Staff extensions with the operator role whose phones are registered, in the
        configured hunting order."""
        listed = []
        for extension in self.hotel.operator_extensions:
            staff = await self.store.staff_by_extension(extension)
            if staff is not None and staff.role == "operator":
                listed.append(extension)
        online = await self.registered(listed) if listed else set()
        return [extension for extension in listed if extension in online]

    async def connect(self, call: DialingCall, offer: Offer) -> bool:
        """Ring the operators, then the front desk, until one answers; bridge them with the
        caller. False when nobody answered (the caller is still on the line)."""
        self.desk.offer(offer)
        try:
            order = await self.operators()
            if self.hotel.front_desk_extension not in order:
                order.append(self.hotel.front_desk_extension)
            self.events(OFFERED, {**offer.body(), "ringing": order[0]})
            for extension in order:
                dialed, operator = await self._ring(call, offer, extension)
                if dialed.status is DialStatus.CALLER_GONE:
                    return True
                if dialed.leg is not None:
                    self.events(TAKEN, {**offer.body(), "operator": operator})
                    await talk(call, offer, dialed.leg)
                    return True
            self.events(UNANSWERED, dict(offer.body()))
            return False
        finally:
            self.desk.close(offer.id)
            self.events(ENDED, {"offer": offer.id})

    async def _ring(self, call: DialingCall, offer: Offer, extension: str) -> tuple[Dialed, str]:
        """Ring one phone; an operator taking the call from the console meanwhile gets it
        instead. Returns the answered leg and whose it is."""
        seconds = self.hotel.operator_ring_seconds
        if not offer.taken_by:
            ringing = asyncio.ensure_future(call.dial_phone(extension, timeout=seconds))
            taken = asyncio.ensure_future(offer.wait_taken())
            try:
                await asyncio.wait({ringing, taken}, return_when=asyncio.FIRST_COMPLETED)
                if not ringing.done() and offer.taken_by == extension:
                    await asyncio.wait({ringing})  # the phone ringing is the taker's
            finally:
                taken.cancel()
                if not ringing.done():
                    ringing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ringing
            if not ringing.cancelled():
                dialed = ringing.result()
                if dialed.leg is None or self.desk.take(offer.id, extension).ok:
                    return dialed, extension
                # Someone took it from the console as this phone answered: theirs it is.
                await dialed.leg.hangup()
        taker = offer.taken_by
        dialed = await call.dial_phone(taker, timeout=seconds * 2)
        if dialed.leg is None:
            self.desk.give_back(offer.id, taker)
        return dialed, taker
