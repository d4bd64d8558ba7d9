"""What a flow is to the router, and the guard every flow runs in.

`await guarded(call, lambda: self.run(call), store="EVV")` answers, runs the flow's steps
and ends the call the same way on every line: a refusal plays its own prompt, no valid
input plays "too many attempts", a database error plays "technical difficulty" (logged,
never partial: writes are single transactions), and the call is hung up. A hang-up
(`CallEnded`) and any other error reach the router as before.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from app.calls.call import Call, NoInput, PromptLike
from app.calls.dialing import DialingCall
from app.calls.store_errors import STORE_ERRORS

log = logging.getLogger(__name__)

# The router hands every flow a call that can do everything; a flow's own signature asks
# only for what it uses (`Call`, or `DialingCall` to dial and bridge).
Flow = Callable[[DialingCall], Awaitable[None]]

TOO_MANY_ATTEMPTS = "too-many-attempts"
TECHNICAL_DIFFICULTY = "technical-difficulty"


class Refused(Exception):
    """The call cannot go on; the caller hears `prompt` and the call ends."""

    def __init__(self, prompt: str) -> None:
        super().__init__(prompt)
        self.prompt = prompt


def _too_many_attempts() -> Sequence[PromptLike]:
    return [TOO_MANY_ATTEMPTS]


def _technical_difficulty() -> Sequence[PromptLike]:
    return [TECHNICAL_DIFFICULTY]


async def guarded(
    call: Call,
    steps: Callable[[], Awaitable[None]],
    *,
    store: str,
    answer: bool = True,
    too_many_attempts: Callable[[], Sequence[PromptLike]] = _too_many_attempts,
    apology: Callable[[], Sequence[PromptLike]] = _technical_difficulty,
) -> None:
    """Run a flow's steps between answer and hang-up. `answer=False` for a flow that
    answers only once it knows what to do (a call back rings the shopper first).
    `too_many_attempts` and `apology` say what the caller hears, asked when it is time:
    a system may add its own line (what this call has saved, in which languages)."""
    if answer:
        await call.answer()
    try:
        await steps()
    except Refused as refusal:
        await call.play([refusal.prompt], barge_in=False)
    except NoInput:
        await call.play(too_many_attempts(), barge_in=False)
    except STORE_ERRORS:
        log.exception("channel %s: %s store unavailable", call.channel_id, store)
        # The error may come before or after the answer; answering an answered channel
        # does nothing, and a bridged call is over by now (CallEnded, as the router expects).
        await call.answer()
        await call.play(apology(), barge_in=False)
    await call.hangup()
