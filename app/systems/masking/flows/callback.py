"""The callback number (seed 001, 234 234 390): the shopper returns a pending callback,
from the fictitious number it came in on; several pending → the order number from the
SMS."""

from __future__ import annotations

from dataclasses import dataclass

from app.calls.dialing import DialingCall
from app.calls.dialogs import Rejected, ask
from app.calls.flow import Refused, guarded
from app.calls.speech import say_number, say_phone_number
from app.systems.masking.flows.placing import MaskedCalling
from app.systems.masking.rules import (
    MaskedCallDirection,
    PendingCallback,
    check_destination,
    choose_callback,
    open_callbacks,
)

ORDER_DIGITS = 6


@dataclass(frozen=True)
class CallbackLine:
    calls: MaskedCalling

    async def __call__(self, call: DialingCall) -> None:
        self.calls.greet(call)
        await guarded(call, lambda: self.run(call), store="masking")

    async def run(self, call: DialingCall) -> None:
        calls = self.calls
        shopper = await calls.identify(call)
        pending = open_callbacks(
            await calls.store.open_callbacks(shopper.id, calls.clock()), calls.clock()
        )
        if not pending:
            raise Refused("masking-no-pending")
        await calls.check_limits(shopper)
        if len(pending) == 1:
            chosen = pending[0]
            caller = say_phone_number(chosen.caller_number, call.language)
            await call.play(["masking-pending-one", "masking-caller-is", *caller], barge_in=False)
        else:
            # "...the number of pending calls is N": no language needs a noun to agree
            # with N.
            count = say_number(len(pending), call.language)
            await call.play(["masking-pending-count", *count])

            async def lookup(entry: str) -> PendingCallback | None:
                found = choose_callback(pending, entry)
                if found is None:
                    raise Rejected(["masking-invalid-order"])
                return found

            chosen = await ask(
                call,
                ["masking-enter-order"],
                lookup,
                max_digits=ORDER_DIGITS,
                invalid="masking-invalid-order",
            )
        owner = await calls.store.owner_of(chosen.fictitious_number)
        if owner is None or owner[0].id != shopper.id:
            raise Refused("masking-callback-unavailable")
        refusal = check_destination(chosen.caller_number, calls.config.rules)
        if refusal is not None:
            raise Refused(refusal.value)
        await calls.place(
            call,
            shopper,
            chosen.fictitious_number,
            chosen.caller_number,
            MaskedCallDirection.RETURN,
            chosen,
        )
