"""Sub-dialogues every flow shares: ask for an entry, ask for a menu choice.

`value = await ask(call, prompts, lookup, max_digits=6)` returns what the lookup found or
raises `NoInput` after the allowed attempts; each failed attempt tells the caller why.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from app.calls.call import Call, NoInput, PromptLike
from app.calls.speech import say_digits

T = TypeVar("T")

FIRST_TIMEOUT = 6.0
INTER_TIMEOUT = 4.0
ATTEMPTS = 3


class Rejected(Exception):
    """A lookup refuses an entry for a reason the caller should hear."""

    def __init__(self, prompts: Sequence[PromptLike]) -> None:
        super().__init__("entry rejected")
        self.prompts = list(prompts)


@dataclass(frozen=True)
class Timing:
    first_timeout: float = FIRST_TIMEOUT
    inter_timeout: float = INTER_TIMEOUT
    attempts: int = ATTEMPTS


DEFAULT_TIMING = Timing()


async def ask(
    call: Call,
    prompts: Sequence[PromptLike],
    lookup: Callable[[str], Awaitable[T | None]],
    *,
    max_digits: int,
    invalid: str = "evv-invalid-id",
    timing: Timing = DEFAULT_TIMING,
) -> T:
    """Prompt for digits (ended by `#`) and look them up, re-prompting on a bad entry."""
    for _ in range(timing.attempts):
        await call.play(prompts)
        entry = await call.read_digits(
            max_digits=max_digits,
            first_timeout=timing.first_timeout,
            inter_timeout=timing.inter_timeout,
        )
        if not entry:
            await call.play(["no-input"])
            continue
        if not (entry.isascii() and entry.isdigit()):
            # `*` (or any non-digit) in an ID: nothing to look up or read back.
            call.flush_digits()
            await call.play([invalid], barge_in=False)
            continue
        try:
            found = await lookup(entry)
        except Rejected as rejection:
            call.flush_digits()
            await call.play(rejection.prompts, barge_in=False)
            continue
        if found is not None:
            return found
        call.flush_digits()
        await call.play(["you-entered", *say_digits(entry, call.language), invalid], barge_in=False)
    raise NoInput(f"no valid entry after {timing.attempts} attempts")


async def choose(
    call: Call,
    prompts: Sequence[PromptLike],
    choices: str,
    *,
    timing: Timing = DEFAULT_TIMING,
) -> str:
    """A one-key menu: returns the key pressed, one of `choices`."""
    for _ in range(timing.attempts):
        await call.play(prompts)
        key = await call.read_digits(
            max_digits=1, first_timeout=timing.first_timeout, inter_timeout=0
        )
        if key and key in choices:
            return key
        call.flush_digits()
        await call.play(["evv-invalid-choice" if key else "no-input"], barge_in=False)
    raise NoInput(f"no valid choice after {timing.attempts} attempts")
