"""The wake-up call itself, run on a room phone the scheduler rang once it answers: the
wake-up message in the guest's language, then the confirm key (1) or the snooze key (2);
no key after the message has played `plays` times counts as not answered.

The scheduler and this flow meet in `RingingWakeUps`: the scheduler registers the call it
is about to ring, the flow finds it by the extension it rang and reports the outcome."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from app.calls.call import Call
from app.calls.speech import say_digits, say_duration
from app.systems.hotel.records import WakeUp
from app.systems.hotel.rules.wakeup import Attempt

KEY_SECONDS = 6.0


@dataclass
class Ringing:
    wakeup: WakeUp
    outcome: asyncio.Future[Attempt]

    def report(self, attempt: Attempt) -> None:
        if not self.outcome.done():
            self.outcome.set_result(attempt)


@dataclass
class RingingWakeUps:
    """Wake-up calls being rung, by extension (the scheduler rings one per phone at once)."""

    calls: dict[str, Ringing] = field(default_factory=dict)

    def expect(self, wakeup: WakeUp) -> Ringing:
        ringing = Ringing(wakeup, asyncio.get_running_loop().create_future())
        self.calls[wakeup.extension] = ringing
        return ringing

    def forget(self, ringing: Ringing) -> None:
        if self.calls.get(ringing.wakeup.extension) is ringing:
            del self.calls[ringing.wakeup.extension]


@dataclass
class WakeUpCall:
    ringing: RingingWakeUps
    confirm_key: str
    snooze_key: str
    snooze_minutes: int
    plays: int

    async def __call__(self, call: Call) -> None:
        ringing = self.ringing.calls.get(call.dialed_number or "")
        if ringing is None:
            # Answered after the scheduler gave up on it: nothing to say.
            await call.hangup()
            return
        call.language = ringing.wakeup.language.value
        outcome = Attempt.NO_ANSWER
        try:
            await call.answer()
            outcome = await self._ask(call)
        finally:
            # Hung up without a key is no answer: the scheduler retries it.
            ringing.report(outcome)
        await call.hangup()

    async def _ask(self, call: Call) -> Attempt:
        lang = call.language
        message = [
            "hotel-room-wakeup-message",
            "hotel-room-wakeup-press-confirm",
            *say_digits(self.confirm_key, lang),
            "hotel-room-wakeup-press-snooze",
            *say_digits(self.snooze_key, lang),
        ]
        for _ in range(self.plays):
            await call.play(message)
            key = await call.read_digits(max_digits=1, first_timeout=KEY_SECONDS, inter_timeout=1.0)
            if key == self.confirm_key:
                await call.play(["hotel-room-wakeup-confirmed"], barge_in=False)
                return Attempt.CONFIRMED
            if key == self.snooze_key:
                await call.play(
                    ["hotel-room-wakeup-snoozed", *say_duration(self.snooze_minutes, lang)],
                    barge_in=False,
                )
                return Attempt.SNOOZED
            call.flush_digits()
        return Attempt.NO_ANSWER
