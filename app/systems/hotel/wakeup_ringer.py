"""The wake-up scheduler's ringer and alert over the platform (app/systems/hotel/
wakeups.py claims and stores; this places the call): the room phone is rung over ARI with
the platform's phone line, and when it answers the wake-up flow (flows/wakeup_call.py)
plays the message and reports the guest's key. A call nobody confirms after the retries
is the console event "hotel.wakeup.failed" (the row already says so)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from app.calls.dialing import DialStatus
from app.systems.hotel.dids import WAKEUP_CALL_FLOW
from app.systems.hotel.flows.wakeup_call import RingingWakeUps
from app.systems.hotel.records import WakeUp
from app.systems.hotel.rules.wakeup import Attempt, WakeUpUpdate

log = logging.getLogger(__name__)

FAILED_EVENT = "hotel.wakeup.failed"
# An answered call is given this long to play its message and take a key; with the ring
# it stays inside the scheduler's lease (3 minutes).
ANSWERED_SECONDS = 90.0


class PhoneRinger(Protocol):
    async def ring(
        self, extension: str, *, flow: str, timeout: float, caller_id: str = ...
    ) -> DialStatus: ...


@dataclass
class WakeUpRinger:
    phones: PhoneRinger
    ringing: RingingWakeUps
    ring_seconds: float = 30.0
    caller_id: str = '"Wake-up call"'
    _phones_busy: dict[str, asyncio.Lock] = field(default_factory=dict)

    async def __call__(self, wakeup: WakeUp) -> Attempt:
        # One call at a time per phone: a second due for the same room waits its turn.
        async with self._phones_busy.setdefault(wakeup.extension, asyncio.Lock()):
            return await self._attempt(wakeup)

    async def _attempt(self, wakeup: WakeUp) -> Attempt:
        ringing = self.ringing.expect(wakeup)
        try:
            status = await self.phones.ring(
                wakeup.extension,
                flow=WAKEUP_CALL_FLOW,
                timeout=self.ring_seconds,
                caller_id=self.caller_id,
            )
            log.info("hotel: wake-up %d for room %s: %s", wakeup.id, wakeup.room_number, status)
            if status is not DialStatus.ANSWERED:
                return Attempt.NO_ANSWER
            try:
                async with asyncio.timeout(ANSWERED_SECONDS):
                    return await ringing.outcome
            except TimeoutError:
                return Attempt.NO_ANSWER
        finally:
            self.ringing.forget(ringing)


def console_alert(
    publish: Callable[[str, Mapping[str, object]], None],
) -> Callable[[WakeUp, WakeUpUpdate], Awaitable[None]]:
    """The scheduler's alert: the console event, never an exception."""

    async def alert(wakeup: WakeUp, update: WakeUpUpdate) -> None:
        try:
            publish(
                FAILED_EVENT,
                {
                    "wakeup": wakeup.id,
                    "room": wakeup.room_number,
                    "time": wakeup.time_of_day,
                    "attempts": update.attempts,
                    "state": update.state.value,
                },
            )
        except Exception:
            log.exception("hotel: the wake-up alert could not be published")

    return alert
