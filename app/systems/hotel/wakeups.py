"""The wake-up scheduler (a background task of the hotel): due wake-ups are claimed from
the database with a lease (two controllers never ring one; one a dead controller was
ringing is due again when its lease runs out, so a restart places it), the room phone is
rung over ARI with the platform's phone line, and the outcome goes back to the store,
which says when to ring again (rules/wakeup.py). Nobody confirming after the retries is
the console event "hotel.wakeup.failed", and the row says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from app.calls.dialing import DialStatus
from app.calls.store_errors import STORE_ERRORS
from app.systems.hotel.dids import WAKEUP_CALL_FLOW
from app.systems.hotel.flows.wakeup_call import RingingWakeUps
from app.systems.hotel.records import WakeUp
from app.systems.hotel.rules.wakeup import Attempt
from app.systems.hotel.store import HotelStore

log = logging.getLogger(__name__)

FAILED_EVENT = "hotel.wakeup.failed"
# An answered call is given this long to play its message and take a key.
ANSWERED_SECONDS = 90.0
# Writing an outcome is retried this often (a database that is down for a moment must not
# turn a confirmed call into one rung again).
OUTCOME_TRIES = 5


class PhoneRinger(Protocol):
    async def ring(
        self, extension: str, *, flow: str, timeout: float, caller_id: str = ...
    ) -> DialStatus: ...


@dataclass
class WakeUpScheduler:
    store: HotelStore
    phones: PhoneRinger
    ringing: RingingWakeUps
    clock: Callable[[], datetime]
    publish: Callable[[str, Mapping[str, object]], None]
    ring_seconds: float = 30.0
    poll_seconds: float = 5.0
    caller_id: str = '"Wake-up call"'
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _phones_busy: dict[str, asyncio.Lock] = field(default_factory=dict)

    @property
    def lease(self) -> timedelta:
        # Longer than the longest attempt, so a live controller never loses its claim.
        return timedelta(seconds=self.ring_seconds + ANSWERED_SECONDS + 30)

    async def run(self) -> None:
        try:
            while True:
                await self.tick()
                await asyncio.sleep(self.poll_seconds)
        finally:
            for task in list(self._tasks):
                task.cancel()
            for task in list(self._tasks):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def tick(self) -> list[WakeUp]:
        """Claim what is due and start ringing it; what was claimed."""
        try:
            due = await self.store.claim_due_wakeups(self.clock(), self.lease)
        except STORE_ERRORS:
            log.warning("hotel: wake-ups not claimed (database unavailable); next poll tries")
            return []
        for wakeup in due:
            task = asyncio.create_task(self.place(wakeup), name=f"wakeup-{wakeup.id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return due

    async def place(self, wakeup: WakeUp) -> None:
        # One call at a time per phone: a second due for the same room waits its turn.
        lock = self._phones_busy.setdefault(wakeup.extension, asyncio.Lock())
        async with lock:
            outcome = await self.attempt(wakeup)
        await self.record(wakeup, outcome)

    async def attempt(self, wakeup: WakeUp) -> Attempt:
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
        except Exception:
            log.exception("hotel: wake-up %d could not be rung", wakeup.id)
            return Attempt.NO_ANSWER
        finally:
            self.ringing.forget(ringing)

    async def record(self, wakeup: WakeUp, outcome: Attempt) -> None:
        for attempt in range(OUTCOME_TRIES):
            try:
                update = await self.store.wakeup_attempted(wakeup.id, outcome, self.clock())
                break
            except STORE_ERRORS:
                log.warning("hotel: wake-up %d outcome not written yet", wakeup.id)
                await asyncio.sleep(2**attempt)
        else:
            # Its lease runs out and it rings again: better twice than never.
            log.error("hotel: wake-up %d outcome %s lost; it will ring again", wakeup.id, outcome)
            return
        log.info("hotel: wake-up %d %s -> %s", wakeup.id, outcome.value, update.state.value)
        if update.alert:
            self.publish(
                FAILED_EVENT,
                {
                    "wakeup": wakeup.id,
                    "room": wakeup.room_number,
                    "time": wakeup.time_of_day,
                    "attempts": update.attempts,
                    "state": update.state.value,
                },
            )
