"""A call back to a fictitious number (seed 001): rings the paired shopper's real phone
presenting the callback number; unanswered → "not available", a pending callback and an
SMS with its order number."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.calls.dialing import DialingCall, DialStatus
from app.calls.digits import digits_of
from app.calls.durable import durable
from app.calls.flow import guarded
from app.systems.masking.flows.placing import MaskedCalling, dial_outcome
from app.systems.masking.rules import (
    MaskedCallDirection,
    MaskedCallStart,
    Shopper,
    missed_call_sms,
)


@dataclass(frozen=True)
class InboundLine:
    calls: MaskedCalling

    async def __call__(self, call: DialingCall) -> None:
        # Answered only once it is known what the caller will hear: the shopper's phone
        # rings while the caller hears ringing.
        self.calls.greet(call)
        await guarded(call, lambda: self.run(call), store="masking", answer=False)

    async def run(self, call: DialingCall) -> None:
        calls = self.calls
        fictitious = digits_of(call.dialed_number)
        owner = await calls.store.owner_of(fictitious)
        if owner is None:
            # In the pool but paired with nobody: as if the number did not exist.
            await call.answer()
            await call.play(["number-not-in-service"], barge_in=False)
            return
        shopper, _ = owner
        caller = digits_of(call.caller_number)
        await call.ring()
        call_id = await durable(
            calls.store.start_call(
                MaskedCallStart(
                    direction=MaskedCallDirection.INBOUND,
                    shopper_id=shopper.id,
                    fictitious_number=fictitious,
                    remote_number=caller or "anonymous",
                    channel_id=call.channel_id,
                    started_at=calls.clock(),
                )
            )
        )
        dialed = await call.dial(
            shopper.real_number,
            present=calls.config.callback_number,
            timeout=calls.config.callback_ring_timeout,
        )
        if dialed.status is DialStatus.ANSWERED and dialed.leg is not None:
            await call.answer()
            await calls.converse(call, call_id, dialed.leg)
            return
        if caller:
            await durable(self._missed(shopper, caller, fictitious))
        await durable(calls.store.call_ended(call_id, calls.clock(), dial_outcome(dialed.status)))
        if dialed.status is not DialStatus.CALLER_GONE:
            await call.answer()
            await call.play(["masking-unavailable"], barge_in=False)

    async def _missed(self, shopper: Shopper, caller: str, fictitious: str) -> None:
        calls = self.calls
        missed_at = calls.clock()
        local = missed_at.astimezone(ZoneInfo(calls.config.timezone))

        lang = calls.config.languages.pick(shopper.language)

        def sms_text(order_number: int) -> str:
            return missed_call_sms(caller, local, order_number, calls.config.callback_number, lang)

        await calls.store.record_missed_call(
            shopper,
            caller,
            fictitious,
            missed_at,
            missed_at + calls.config.callback_expiry,
            sms_text,
        )
        calls.sms_waiting()
