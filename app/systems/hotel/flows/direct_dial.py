"""A room or staff phone dialling out itself (9 + number, seed 002's 直拨).

The caller's class of service decides: a number it may not reach hears "please call the
operator" in the guest's language and nothing is dialed. An allowed one is dialed through
the trunk presenting the hotel's main number (never the room's). On hang-up the bridged
time is rated with the tariff rules and posted to the guest's folio once (the posting key
is this call's channel); a staff member's long-distance call goes to the staff log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.calls.dialing import DialingCall, DialStatus, PresentationRefused
from app.calls.digits import digits_of
from app.calls.durable import durable
from app.calls.flow import Refused, guarded
from app.systems.hotel.flows.caller import CALL_OPERATOR, RoomCaller, identify
from app.systems.hotel.flows.emergency import EmergencyLine
from app.systems.hotel.records import ChargeRequest
from app.systems.hotel.rules.class_of_service import Dialled, NumberPlan, decide
from app.systems.hotel.rules.stay import CallType, ClassOfService
from app.systems.hotel.store import HotelStore

log = logging.getLogger(__name__)

NOT_ANSWERED = {
    DialStatus.BUSY: "hotel-room-busy",
    DialStatus.NO_ANSWER: "hotel-room-no-answer",
    DialStatus.FAILED: "hotel-room-call-failed",
}
LONG_DISTANCE = (Dialled.NATIONAL, Dialled.INTERNATIONAL)


@dataclass
class DirectDial:
    store: HotelStore
    plan: NumberPlan
    main_number: str
    default_language: str
    ring_seconds: float
    clock: Callable[[], datetime]
    emergency: EmergencyLine

    async def __call__(self, call: DialingCall) -> None:
        dialled = digits_of(call.dialed_number)
        if decide(dialled, ClassOfService.INTERNAL, self.plan).kind is Dialled.EMERGENCY:
            await self.emergency(call)
            return

        async def steps() -> None:
            caller = await identify(call, self.store, self.default_language)
            call.language = caller.language
            decision = decide(dialled, caller.class_of_service, self.plan)
            if decision.kind is Dialled.INVALID:
                await call.answer()
                raise Refused("number-not-in-service")
            if not decision.allowed or not decision.outside:
                log.info(
                    "hotel: %s (%s) may not dial %s (%s)",
                    caller.extension,
                    caller.class_of_service.label,
                    decision.number,
                    decision.kind.value,
                )
                await call.answer()
                raise Refused(CALL_OPERATOR)
            await self._place(call, caller, decision.number, decision.kind)

        await guarded(call, steps, store="hotel", answer=False)

    async def _place(
        self, call: DialingCall, caller: RoomCaller, number: str, kind: Dialled
    ) -> None:
        await call.ring()
        try:
            dialed = await call.dial(number, present=self.main_number, timeout=self.ring_seconds)
        except PresentationRefused:
            await call.answer()
            raise Refused("hotel-room-call-failed") from None
        if dialed.status is DialStatus.CALLER_GONE:
            return
        if dialed.status is not DialStatus.ANSWERED or dialed.leg is None:
            await call.answer()
            raise Refused(NOT_ANSWERED.get(dialed.status, "hotel-room-call-failed"))
        await call.answer()
        started = self.clock()
        # A guest's calls are private: the hotel records none of them (masked calling
        # records because the recordings are what the client pays for).
        await call.connect(dialed.leg, record_as=None)
        seconds = max(0, round((self.clock() - started).total_seconds()))
        await durable(self._charge(call.channel_id, caller, number, kind, started, seconds))

    async def _charge(
        self,
        channel_id: str,
        caller: RoomCaller,
        number: str,
        kind: Dialled,
        started: datetime,
        seconds: int,
    ) -> None:
        key = f"direct-{channel_id}"
        if caller.staff is not None:
            if kind in LONG_DISTANCE:
                await self.store.log_staff_call(
                    key, caller.extension, number, "direct", started, seconds
                )
            return
        if caller.room is None or caller.guest is None:
            return  # a vacant room reaches nothing outside; nobody to charge
        posting = await self.store.post_charge(
            ChargeRequest(
                posting_key=key,
                room=caller.room.number,
                destination=number,
                call_type=CallType.DIRECT.value,
                seconds=seconds,
                call_at=started,
                guest_id=caller.guest.id,
            )
        )
        log.info(
            "hotel: room %s called %s for %d s: %s",
            caller.room.number,
            number,
            seconds,
            f"posting {posting.id}, {posting.amount} ({posting.status})" if posting else "free",
        )
