"""The hotel's main number (flow "hotel-main"): an outside caller hears "您好，<hotel> /
Hello, <hotel>" and reaches the operators the way a room does (flows/hunt.py). Outside
callers do not choose a language, so what they hear is in Mandarin, then English."""

from __future__ import annotations

from app.calls.dialing import DialingCall
from app.calls.flow import guarded
from app.systems.hotel.desk import Offer
from app.systems.hotel.flows.hunt import Hunt
from app.systems.hotel.flows.prompts import GREETING, NOBODY_ANSWERS, in_both


class MainLine:
    def __init__(self, hunt: Hunt) -> None:
        self.hunt = hunt

    async def __call__(self, call: DialingCall) -> None:
        await guarded(call, lambda: self.run(call), store="hotel")

    async def run(self, call: DialingCall) -> None:
        await call.play(in_both(GREETING), barge_in=False)
        offer = Offer(call.channel_id, call.caller_number or "", outside=True)
        if not await self.hunt.connect(call, offer):
            await call.play(in_both(NOBODY_ANSWERS), barge_in=False)
