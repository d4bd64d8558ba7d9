"""Places the wake-up calls that are due, for as long as the controller runs.

Each pass claims the due calls (a lease in the database, so two controllers never ring
one, and a call a dead controller was ringing is due again once its lease runs out),
hands each to the ringer (the wake-up flow over ARI, issue 13 item 6) and stores what
came of it: confirmed, snoozed or not answered. A call nobody confirms after the retries
raises the operator alert. Nothing is kept in memory: a restart picks up where the
database says.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from app.systems.hotel.records import WakeUp
from app.systems.hotel.rules.wakeup import Attempt, WakeUpUpdate

log = logging.getLogger(__name__)

# Rings (with retries inside one attempt) never last this long.
LEASE = timedelta(minutes=3)
Ringer = Callable[[WakeUp], Awaitable[Attempt]]
Alert = Callable[[WakeUp, WakeUpUpdate], Awaitable[None]]


class WakeUpStore(Protocol):
    async def claim_due_wakeups(self, now: datetime, lease: timedelta) -> list[WakeUp]: ...
    async def wakeup_attempted(
        self, wakeup_id: int, outcome: Attempt, now: datetime
    ) -> WakeUpUpdate: ...


class WakeUpScheduler:
    def __init__(
        self,
        store: WakeUpStore,
        ring: Ringer,
        alert: Alert,
        clock: Callable[[], datetime],
        *,
        poll_seconds: float = 15.0,
    ) -> None:
        self.store = store
        self.ring = ring
        self.alert = alert
        self.clock = clock
        self.poll_seconds = poll_seconds

    async def run(self) -> None:
        while True:
            try:
                await self.place_due()
            except Exception:
                # A database hiccup must not end wake-up calls: they are still stored.
                log.exception("wake-up pass failed; trying again")
            await asyncio.sleep(self.poll_seconds)

    async def place_due(self) -> int:
        """Ring every due call at once; how many were rung."""
        due = await self.store.claim_due_wakeups(self.clock(), LEASE)
        await asyncio.gather(*(self._one(wakeup) for wakeup in due))
        return len(due)

    async def _one(self, wakeup: WakeUp) -> None:
        try:
            outcome = await self.ring(wakeup)
        except Exception:
            # The call could not be placed (the room's phone gone, ARI down): a try lost.
            log.exception("wake-up %d for room %s not placed", wakeup.id, wakeup.room_number)
            outcome = Attempt.NO_ANSWER
        change = await self.store.wakeup_attempted(wakeup.id, outcome, self.clock())
        if change.alert:
            log.warning(
                "wake-up for room %s at %s not confirmed: operator alerted",
                wakeup.room_number,
                wakeup.time_of_day,
            )
            await self.alert(wakeup, change)
