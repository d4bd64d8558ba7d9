"""The steps masked calling's lines share: who the shopper is, the per-shopper limits, and
placing a masked call (dial presenting an owned number, bridge, record, store)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.calls.dialing import DialingCall, DialStatus, Leg, PresentationRefused
from app.calls.digits import digits_of
from app.calls.durable import durable
from app.calls.flow import Refused
from app.calls.languages import LineLanguages
from app.calls.store_errors import STORE_ERRORS
from app.systems.masking.rules import (
    MASKING_LANGUAGES,
    DestinationRules,
    Limits,
    MaskedCallDirection,
    MaskedCallOutcome,
    MaskedCallStart,
    NotOwned,
    PendingCallback,
    Shopper,
    check_limits,
    ensure_owned,
)
from app.systems.masking.store import MaskingStore

log = logging.getLogger(__name__)

OUTCOME_PROMPTS = {
    DialStatus.BUSY: "masking-busy",
    DialStatus.NO_ANSWER: "masking-no-answer",
    DialStatus.FAILED: "masking-call-failed",
}


def dial_outcome(status: DialStatus) -> MaskedCallOutcome:
    """What a dial that was not answered leaves on the masked call's row."""
    if status is DialStatus.CALLER_GONE:
        return MaskedCallOutcome.ABANDONED
    return MaskedCallOutcome(status.value)


@dataclass(frozen=True)
class MaskingConfig:
    callback_number: str
    rules: DestinationRules = field(default_factory=DestinationRules)
    limits: Limits = field(default_factory=Limits)
    ring_timeout: float = 30.0
    callback_ring_timeout: float = 25.0
    callback_expiry: timedelta = timedelta(hours=72)
    timezone: str = "Europe/Prague"
    # Callers hear the first until the shopper is known, then the shopper's own language.
    languages: LineLanguages = field(default_factory=lambda: LineLanguages(MASKING_LANGUAGES))


@dataclass
class MaskedCalling:
    store: MaskingStore
    config: MaskingConfig
    clock: Callable[[], datetime]
    # Tells the SMS sender a new message is waiting.
    sms_waiting: Callable[[], None] = lambda: None
    # Calls in progress per shopper, across the access and callback lines.
    active_calls: dict[int, int] = field(default_factory=dict)

    def greet(self, call: DialingCall) -> None:
        """Every masking line speaks its default language until it knows who is calling."""
        call.language = self.config.languages.default

    async def identify(self, call: DialingCall) -> Shopper:
        shopper = await self.store.find_shopper(digits_of(call.caller_number))
        if shopper is None:
            raise Refused("masking-not-registered")
        call.language = self.config.languages.pick(shopper.language)
        return shopper

    async def check_limits(self, shopper: Shopper, *, counting_this_call: bool = False) -> None:
        limits = self.config.limits
        recent = await self.store.calls_since(shopper.id, self.clock() - limits.window)
        others = self.active_calls.get(shopper.id, 0) - int(counting_this_call)
        refusal = check_limits(others, recent, limits)
        if refusal is not None:
            raise Refused(refusal.value)

    async def place(
        self,
        call: DialingCall,
        shopper: Shopper,
        present: str,
        destination: str,
        direction: MaskedCallDirection,
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
            await self.check_limits(shopper, counting_this_call=True)
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
                await durable(
                    self.store.call_ended(call_id, self.clock(), MaskedCallOutcome.REFUSED)
                )
                raise Refused("masking-call-failed") from None
            if dialed.status is DialStatus.ANSWERED and dialed.leg is not None:
                if callback is not None:
                    await durable(self.store.mark_returned(callback.id, self.clock()))
                finished = True
                await self.converse(call, call_id, dialed.leg)
                return
            finished = True
            await durable(self.store.call_ended(call_id, self.clock(), dial_outcome(dialed.status)))
            if dialed.status in OUTCOME_PROMPTS:
                raise Refused(OUTCOME_PROMPTS[dialed.status])
        finally:
            try:
                if call_id is not None and not finished:
                    # Hung up before the dial ended (e.g. during "connecting").
                    await durable(
                        self.store.call_ended(call_id, self.clock(), MaskedCallOutcome.ABANDONED)
                    )
            finally:
                # Even when the database fails here: a call counted forever would refuse
                # the shopper's every later call as "already on a call".
                self.active_calls[shopper.id] -= 1
                if not self.active_calls[shopper.id]:
                    del self.active_calls[shopper.id]

    async def converse(self, call: DialingCall, call_id: int, leg: Leg) -> None:
        # The time keeps names unique even if a database is reset and row ids repeat.
        name = f"masked-{call_id}-{self.clock():%Y%m%d%H%M%S}"
        await durable(self.store.call_answered(call_id, self.clock(), name))
        conversation = await call.connect(leg, record_as=name)
        recording = conversation.recording
        stored = None if recording is None else (recording.path, recording.duration_seconds)
        try:
            await durable(
                self.store.call_ended(call_id, self.clock(), MaskedCallOutcome.ANSWERED, stored)
            )
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
