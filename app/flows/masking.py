"""Masked outbound calling (seed 001): the access number, calls back to fictitious numbers,
and the callback number.

- access (234 234 399): the shopper, known by caller ID, picks a fictitious number (one
  paired: none to pick; several: `N#`, `0#` lists them) and a destination, which is dialed
  through the trunk presenting the fictitious number and recorded.
- inbound (a fictitious number): rings the paired shopper's real phone presenting the
  callback number; unanswered → "not available", a pending callback and an SMS.
- callback (234 234 390): the shopper returns a pending callback, from the fictitious number
  it came in on; several pending → the order number from the SMS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from app.domain.masking import (
    LIST_PAIRINGS,
    DestinationRules,
    Limits,
    MaskedCallStart,
    NotOwned,
    Pairing,
    PendingCallback,
    Shopper,
    check_destination,
    check_limits,
    choose_callback,
    choose_pairing,
    digits_of,
    ensure_owned,
    missed_call_sms,
    open_callbacks,
)
from app.domain.speech import say_digits, say_number
from app.flows.call import Call, DialStatus, Leg, NoInput, PresentationRefused, PromptLike
from app.flows.dialogs import DEFAULT_TIMING, EntryKind, Rejected, ask, read_entry, why_not
from app.flows.durable import durable
from app.flows.store_errors import STORE_ERRORS

log = logging.getLogger(__name__)
TECHNICAL_DIFFICULTY = "technical-difficulty"
DESTINATION_DIGITS = 20
ORDER_DIGITS = 6
PAIRING_ID_DIGITS = 4
# `0#` may be asked for this many times on one call; it never counts as a wrong entry.
MAX_LISTINGS = 3

OUTCOME_PROMPTS = {
    DialStatus.BUSY: "masking-busy",
    DialStatus.NO_ANSWER: "masking-no-answer",
    DialStatus.FAILED: "masking-call-failed",
}


class MaskingStore(Protocol):
    async def find_shopper(self, real_number: str) -> Shopper | None: ...
    async def pairings(self, shopper_id: int) -> list[Pairing]: ...
    async def owner_of(self, fictitious_number: str) -> tuple[Shopper, Pairing] | None: ...
    async def pool(self) -> set[str]: ...
    async def calls_since(self, shopper_id: int, since: datetime) -> int: ...
    async def start_call(self, start: MaskedCallStart) -> int: ...
    async def call_answered(self, call_id: int, at: datetime, recording_name: str) -> None: ...
    async def call_ended(
        self, call_id: int, at: datetime, outcome: str, recording: tuple[str, float] | None = None
    ) -> None: ...
    async def record_missed_call(
        self,
        shopper: Shopper,
        caller_number: str,
        fictitious_number: str,
        missed_at: datetime,
        expires_at: datetime,
        sms_text: Callable[[int], str],
    ) -> PendingCallback: ...
    async def open_callbacks(self, shopper_id: int, now: datetime) -> list[PendingCallback]: ...
    async def mark_returned(self, callback_id: int, at: datetime) -> None: ...


@dataclass(frozen=True)
class MaskingConfig:
    callback_number: str
    rules: DestinationRules = field(default_factory=DestinationRules)
    limits: Limits = field(default_factory=Limits)
    ring_timeout: float = 30.0
    callback_ring_timeout: float = 25.0
    callback_expiry: timedelta = timedelta(hours=72)
    timezone: str = "Europe/Prague"


class Refused(Exception):
    """The call cannot go on; the shopper hears `prompt` and the call ends."""

    def __init__(self, prompt: str) -> None:
        super().__init__(prompt)
        self.prompt = prompt


@dataclass
class MaskingLines:
    store: MaskingStore
    config: MaskingConfig
    clock: Callable[[], datetime]
    # Tells the SMS sender a new message is waiting.
    sms_waiting: Callable[[], None] = lambda: None
    active_calls: dict[int, int] = field(default_factory=dict)

    # -- the access number ------------------------------------------------------------
    async def access(self, call: Call) -> None:
        await call.answer()
        try:
            shopper = await self._identify(call)
            pairings = await self.store.pairings(shopper.id)
            if not pairings:
                raise Refused("masking-no-numbers")
            await self._check_limits(shopper)
            pairing = pairings[0] if len(pairings) == 1 else await self._choose(call, pairings)
            prompt = "masking-enter-destination"
            destination = await ask(
                call,
                [prompt],
                self._destination_lookup,
                max_digits=DESTINATION_DIGITS,
                invalid="masking-destination-invalid",
            )
            await self._place(call, shopper, pairing.number, destination, "outbound")
        except Refused as refusal:
            await call.play([refusal.prompt], barge_in=False)
        except NoInput:
            await call.play(["too-many-attempts"], barge_in=False)
        except STORE_ERRORS:
            log.exception("channel %s: masking store unavailable", call.channel_id)
            await call.play([TECHNICAL_DIFFICULTY], barge_in=False)
        await call.hangup()

    async def _choose(self, call: Call, pairings: Sequence[Pairing]) -> Pairing:
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
            spoken += ["masking-number-is", *say_digits(pairing.number, lang)]
        return spoken

    async def _destination_lookup(self, entry: str) -> str:
        refusal = check_destination(entry, self.config.rules)
        if refusal is not None:
            raise Rejected([refusal.value])
        return entry

    # -- a call back to a fictitious number --------------------------------------------
    async def inbound(self, call: Call) -> None:
        try:
            await self._inbound(call)
        except STORE_ERRORS:
            log.exception("channel %s: masking store unavailable", call.channel_id)
            # The error may come before or after the answer; answering an answered channel
            # does nothing, and a bridged call is over by now (CallEnded, as the router
            # expects).
            await call.answer()
            await call.play([TECHNICAL_DIFFICULTY], barge_in=False)
        await call.hangup()

    async def _inbound(self, call: Call) -> None:
        fictitious = digits_of(call.dialed_number)
        owner = await self.store.owner_of(fictitious)
        if owner is None:
            # In the pool but paired with nobody: as if the number did not exist.
            await call.answer()
            await call.play(["number-not-in-service"], barge_in=False)
            return
        shopper, _ = owner
        caller = digits_of(call.caller_number)
        await call.ring()
        call_id = await durable(
            self.store.start_call(
                MaskedCallStart(
                    direction="inbound",
                    shopper_id=shopper.id,
                    fictitious_number=fictitious,
                    remote_number=caller or "anonymous",
                    channel_id=call.channel_id,
                    started_at=self.clock(),
                )
            )
        )
        dialed = await call.dial(
            shopper.real_number,
            present=self.config.callback_number,
            timeout=self.config.callback_ring_timeout,
        )
        if dialed.status is DialStatus.ANSWERED and dialed.leg is not None:
            await call.answer()
            await self._converse(call, call_id, dialed.leg)
            return
        outcome = "abandoned" if dialed.status is DialStatus.CALLER_GONE else dialed.status.value
        if caller:
            await durable(self._missed(shopper, caller, fictitious))
        await durable(self.store.call_ended(call_id, self.clock(), outcome))
        if dialed.status is not DialStatus.CALLER_GONE:
            await call.answer()
            await call.play(["masking-unavailable"], barge_in=False)

    async def _missed(self, shopper: Shopper, caller: str, fictitious: str) -> None:
        missed_at = self.clock()
        local = missed_at.astimezone(ZoneInfo(self.config.timezone))

        def sms_text(order_number: int) -> str:
            return missed_call_sms(caller, local, order_number, self.config.callback_number)

        await self.store.record_missed_call(
            shopper,
            caller,
            fictitious,
            missed_at,
            missed_at + self.config.callback_expiry,
            sms_text,
        )
        self.sms_waiting()

    # -- the callback number ------------------------------------------------------------
    async def callback(self, call: Call) -> None:
        await call.answer()
        try:
            shopper = await self._identify(call)
            pending = open_callbacks(
                await self.store.open_callbacks(shopper.id, self.clock()), self.clock()
            )
            if not pending:
                raise Refused("masking-no-pending")
            await self._check_limits(shopper)
            if len(pending) == 1:
                chosen = pending[0]
                await call.play(["masking-pending-one"], barge_in=False)
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
            owner = await self.store.owner_of(chosen.fictitious_number)
            if owner is None or owner[0].id != shopper.id:
                raise Refused("masking-callback-unavailable")
            refusal = check_destination(chosen.caller_number, self.config.rules)
            if refusal is not None:
                raise Refused(refusal.value)
            await self._place(
                call, shopper, chosen.fictitious_number, chosen.caller_number, "return", chosen
            )
        except Refused as refusal:
            await call.play([refusal.prompt], barge_in=False)
        except NoInput:
            await call.play(["too-many-attempts"], barge_in=False)
        except STORE_ERRORS:
            log.exception("channel %s: masking store unavailable", call.channel_id)
            await call.play([TECHNICAL_DIFFICULTY], barge_in=False)
        await call.hangup()

    # -- shared steps -------------------------------------------------------------------
    async def _identify(self, call: Call) -> Shopper:
        shopper = await self.store.find_shopper(digits_of(call.caller_number))
        if shopper is None:
            raise Refused("masking-not-registered")
        return shopper

    async def _check_limits(self, shopper: Shopper, *, counting_this_call: bool = False) -> None:
        limits = self.config.limits
        recent = await self.store.calls_since(shopper.id, self.clock() - limits.window)
        others = self.active_calls.get(shopper.id, 0) - int(counting_this_call)
        refusal = check_limits(others, recent, limits)
        if refusal is not None:
            raise Refused(refusal.value)

    async def _place(
        self,
        call: Call,
        shopper: Shopper,
        present: str,
        destination: str,
        direction: str,
        callback: PendingCallback | None = None,
    ) -> None:
        """Dial `destination` presenting `present`, bridge and record; tell the shopper
        what happened if nobody answers."""
        try:
            ensure_owned(present, await self.store.pool())
        except NotOwned:
            raise Refused("masking-call-failed") from None
        # Counted before the check, with no await in between, so two calls of one shopper
        # racing through here cannot both pass the concurrent-call limit.
        self.active_calls[shopper.id] = self.active_calls.get(shopper.id, 0) + 1
        call_id: int | None = None
        finished = False
        try:
            await self._check_limits(shopper, counting_this_call=True)
            call_id = await durable(
                self.store.start_call(
                    MaskedCallStart(
                        direction=direction,
                        shopper_id=shopper.id,
                        fictitious_number=present,
                        remote_number=destination,
                        channel_id=call.channel_id,
                        started_at=self.clock(),
                        pending_callback_id=callback.id if callback else None,
                    )
                )
            )
            await call.play(["masking-connecting"], barge_in=False)
            try:
                dialed = await call.dial(
                    destination, present=present, timeout=self.config.ring_timeout
                )
            except PresentationRefused:
                # The pool changed under us; the adapter's last check held.
                finished = True
                await durable(self.store.call_ended(call_id, self.clock(), "refused"))
                raise Refused("masking-call-failed") from None
            if dialed.status is DialStatus.ANSWERED and dialed.leg is not None:
                if callback is not None:
                    await durable(self.store.mark_returned(callback.id, self.clock()))
                finished = True
                await self._converse(call, call_id, dialed.leg)
                return
            outcome = (
                "abandoned" if dialed.status is DialStatus.CALLER_GONE else dialed.status.value
            )
            finished = True
            await durable(self.store.call_ended(call_id, self.clock(), outcome))
            if dialed.status in OUTCOME_PROMPTS:
                raise Refused(OUTCOME_PROMPTS[dialed.status])
        finally:
            try:
                if call_id is not None and not finished:
                    # Hung up before the dial ended (e.g. during "connecting").
                    await durable(self.store.call_ended(call_id, self.clock(), "abandoned"))
            finally:
                # Even when the database fails here: a call counted forever would refuse
                # the shopper's every later call as "already on a call".
                self.active_calls[shopper.id] -= 1
                if not self.active_calls[shopper.id]:
                    del self.active_calls[shopper.id]

    async def _converse(self, call: Call, call_id: int, leg: Leg) -> None:
        # The time keeps names unique even if a database is reset and row ids repeat.
        name = f"masked-{call_id}-{self.clock():%Y%m%d%H%M%S}"
        await durable(self.store.call_answered(call_id, self.clock(), name))
        conversation = await call.connect(leg, record_as=name)
        recording = conversation.recording
        stored = None if recording is None else (recording.path, recording.duration_seconds)
        try:
            await durable(self.store.call_ended(call_id, self.clock(), "answered", stored))
        except STORE_ERRORS:
            # The row already names the recording (stored on answer); what is lost here is
            # the end time and length, so they go to the log for whoever repairs the row.
            log.error(
                "masked call %d: ended at %s with recording %s; not stored",
                call_id,
                self.clock(),
                stored,
            )
            raise
