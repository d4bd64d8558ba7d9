"""The access number (seed 001, 234 234 399): the shopper, known by caller ID, picks a
fictitious number (one paired: none to pick; several: `N#`, `0#` lists them) and a
destination, which is dialed through the trunk presenting the fictitious number and
recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.calls.call import NoInput, PromptLike
from app.calls.dialing import DialingCall
from app.calls.dialogs import DEFAULT_TIMING, EntryKind, Rejected, ask, read_entry, why_not
from app.calls.flow import Refused, guarded
from app.calls.speech import say_number, say_phone_number
from app.systems.masking.flows.placing import MaskedCalling
from app.systems.masking.rules import (
    LIST_PAIRINGS,
    MaskedCallDirection,
    Pairing,
    check_destination,
    choose_pairing,
)

DESTINATION_DIGITS = 20
PAIRING_ID_DIGITS = 4
# `0#` may be asked for this many times on one call; it never counts as a wrong entry.
MAX_LISTINGS = 3


@dataclass(frozen=True)
class AccessLine:
    calls: MaskedCalling

    async def __call__(self, call: DialingCall) -> None:
        self.calls.greet(call)
        await guarded(call, lambda: self.run(call), store="masking")

    async def run(self, call: DialingCall) -> None:
        calls = self.calls
        shopper = await calls.identify(call)
        pairings = await calls.store.pairings(shopper.id)
        if not pairings:
            raise Refused("masking-no-numbers")
        await calls.check_limits(shopper)
        pairing = pairings[0] if len(pairings) == 1 else await self._choose(call, pairings)
        prompt = "masking-enter-destination"
        destination = await ask(
            call,
            [prompt],
            self._destination_lookup,
            max_digits=DESTINATION_DIGITS,
            invalid="masking-destination-invalid",
        )
        await calls.place(call, shopper, pairing.number, destination, MaskedCallDirection.OUTBOUND)

    async def _choose(self, call: DialingCall, pairings: Sequence[Pairing]) -> Pairing:
        """`N#` picks pairing N; `0#` reads every ID and number, then asks again."""
        listing: list[PromptLike] = []
        failures = listings = 0
        while failures < DEFAULT_TIMING.attempts:
            await call.play([*listing, "masking-enter-id"])
            listing = []
            entry = await read_entry(call, max_digits=PAIRING_ID_DIGITS)
            if entry.kind is EntryKind.DIGITS:
                if entry.digits == LIST_PAIRINGS and listings < MAX_LISTINGS:
                    listings += 1
                    listing = self._listing(pairings, call.language)
                    continue
                chosen = choose_pairing(pairings, entry.digits)
                if chosen is not None:
                    return chosen
                call.flush_digits()
            failures += 1
            # Every wrong entry is explained, the last one too, before "too many attempts".
            await call.play(why_not(entry, "masking-invalid-id", call.language), barge_in=False)
        raise NoInput("no fictitious number chosen")

    @staticmethod
    def _listing(pairings: Sequence[Pairing], lang: str) -> list[PromptLike]:
        spoken: list[PromptLike] = []
        for pairing in pairings:
            spoken += ["masking-id", *say_number(pairing.ordinal, lang)]
            spoken += ["masking-number-is", *say_phone_number(pairing.number, lang)]
        return spoken

    async def _destination_lookup(self, entry: str) -> str:
        refusal = check_destination(entry, self.calls.config.rules)
        if refusal is not None:
            raise Rejected([refusal.value])
        return entry
