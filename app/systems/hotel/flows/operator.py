"""A room (or a staff phone) dials the operator code: the flow named "hotel-operator".

The operator greets the caller live ("Operator, 您好，总机"), so the caller hears only
ringing while the operators' phones ring; the recorded "Operator, hello" and an apology
play only when nobody answers, in the guest's language (the hotel's for staff phones).
"""

from __future__ import annotations

from app.calls.call import Prompt
from app.calls.dialing import DialingCall
from app.calls.flow import guarded
from app.systems.hotel.desk import Offer
from app.systems.hotel.flows.hunt import Hunt
from app.systems.hotel.flows.prompts import NOBODY_ANSWERS, OPERATOR_HELLO


class OperatorCode:
    def __init__(self, hunt: Hunt) -> None:
        self.hunt = hunt

    async def __call__(self, call: DialingCall) -> None:
        await guarded(call, lambda: self.run(call), store="hotel")

    async def run(self, call: DialingCall) -> None:
        offer = await self.offer_for(call)
        call.language = offer.language
        if not await self.hunt.connect(call, offer):
            await call.play([Prompt(OPERATOR_HELLO), Prompt(NOBODY_ANSWERS)], barge_in=False)

    async def offer_for(self, call: DialingCall) -> Offer:
        caller = call.caller_number or ""
        store = self.hunt.store
        language = self.hunt.hotel.default_language
        room = await store.room_by_extension(caller) if caller.isdigit() else None
        if room is None:
            return Offer(call.channel_id, caller, outside=False, language=language)
        guest = await store.in_house(room.number)
        if guest is None:
            return Offer(call.channel_id, caller, False, room=room.number, language=language)
        return Offer(
            call.channel_id,
            caller,
            outside=False,
            room=room.number,
            guest=guest.name,
            language=guest.language.value,
        )
