"""An operator-assisted call (seed 002), on the operator's phone once it answered (flow
"hotel-assisted", rung by the console's "place call"): dial the far end through the trunk
presenting the hotel's main number, let the operator talk to it, then, as the console
asks, call the room back and hand the far end to the guest (the operator drops out), or
close the voucher with the operator's outcome. The voucher records each step; the
charge is rated and posted once, when the guest's conversation ends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.calls.dialing import DialingCall, DialStatus, EndedBy, Leg
from app.calls.durable import durable
from app.calls.flow import guarded
from app.systems.hotel.assisted import CALL_ROOM, AssistedCall, AssistedCalls
from app.systems.hotel.rules.stay import VoucherOutcome
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore

VOUCHER_UPDATED = "hotel.voucher.updated"
# How long the far end may ring before the voucher is closed as no answer.
FAR_END_RING_SECONDS = 45


@dataclass(frozen=True)
class AssistedLine:
    store: HotelStore
    hotel: HotelSettings
    calls: AssistedCalls
    clock: Callable[[], datetime]
    events: Callable[[str, Mapping[str, object]], None]

    async def __call__(self, call: DialingCall) -> None:
        await guarded(call, lambda: self.run(call), store="hotel")

    async def run(self, call: DialingCall) -> None:
        extension = call.dialed_number or ""
        job = self.calls.for_operator(extension)
        if job is None:
            return  # a ring the console gave up on: nothing to place
        try:
            await self.place(call, job)
        finally:
            job.close(job.closed.result() if job.closed.done() else "")
            self.calls.finish(extension)

    async def place(self, call: DialingCall, job: AssistedCall) -> None:
        voucher = job.voucher
        await durable(self.store.voucher_placed(voucher.id, self.clock()))
        self.events(VOUCHER_UPDATED, {"voucher": voucher.id, "status": "placing"})
        far = await call.dial(
            voucher.destination, present=self.hotel.main_number, timeout=FAR_END_RING_SECONDS
        )
        if far.leg is None:
            busy = far.status is DialStatus.BUSY
            await self.close(job, VoucherOutcome.BUSY if busy else VoucherOutcome.NO_ANSWER)
            return
        turn = 0
        while True:
            turn += 1
            talked = await call.connect(far.leg, record_as=None, release=job.released)
            request = job.next_request()
            if talked.ended_by is not EndedBy.RELEASED or request is None:
                # Operator or far end hung up before the guest was connected.
                await self.close(job, VoucherOutcome.CANCELLED)
                return
            if request != CALL_ROOM:
                await far.leg.hangup()
                await self.close(job, VoucherOutcome(request))
                return
            if await self.call_room_back(call, job, far.leg):
                return

    async def call_room_back(self, call: DialingCall, job: AssistedCall, far: Leg) -> bool:
        """True once the call is over (the guest talked, or the operator left)."""
        room = await call.dial_phone(job.room_extension, timeout=self.hotel.transfer_ring_seconds)
        if room.leg is None:
            job.room_answered(room.status.value)
            if room.status is DialStatus.CALLER_GONE:
                await far.hangup()
                await self.close(job, VoucherOutcome.CANCELLED)
                return True
            return False  # back to the far end: the operator tells them
        job.room_answered(DialStatus.ANSWERED.value)
        voucher = job.voucher
        await durable(self.store.voucher_connected(voucher.id, self.clock()))
        self.events(VOUCHER_UPDATED, {"voucher": voucher.id, "status": "connected"})
        await call.hand_over(far, room.leg, record_as=None)
        await self.close(job, VoucherOutcome.COMPLETED)
        return True

    async def close(self, job: AssistedCall, outcome: VoucherOutcome) -> None:
        closed = await durable(self.store.close_voucher(job.voucher.id, outcome, self.clock()))
        job.close(outcome.value)
        self.events(
            VOUCHER_UPDATED,
            {
                "voucher": closed.id,
                "status": "closed",
                "outcome": outcome.value,
                "charge": closed.charge or 0,
            },
        )
