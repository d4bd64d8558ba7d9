"""Sub-dialogues every flow shares: ask for an entry, ask for a menu choice.

`value = await ask(call, prompts, lookup, max_digits=6, invalid=...)` returns what the
lookup found or raises `NoInput` after the allowed attempts; each failed attempt tells the
caller why.

What an entry is, for every question on every line:
- An entry ends with `#`, a timeout, or one digit more than its field holds. More digits
  than the field holds make it over-long: invalid as a whole (never truncated), and
  whatever the caller is still pressing for it is drained (until they are quiet for
  `Timing.quiet` seconds) before "that entry is too long" and the question again.
- A rejected or invalid entry flushes every key pressed so far: the next attempt starts
  from the replayed question, not from leftovers.
- An accepted entry keeps true type-ahead: keys pressed after its `#` (or after a menu
  key) answer the next question.
- A one-key menu hit by several keys at once (another key within `Timing.settle` seconds)
  is over-long too: it answers nothing, neither this menu nor the next ones.
- Prompts played with `barge_in=False` (the time announcement, read-backs, errors) are
  information the caller must hear: they play to the end and every key pressed before
  they end is dropped (see `Call.play`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from app.calls.call import Call, NoInput, Prompt, PromptLike
from app.calls.speech import say_digits

T = TypeVar("T")

FIRST_TIMEOUT = 6.0
INTER_TIMEOUT = 4.0
ATTEMPTS = 3
# Keys closer together than this after a menu key are one mashed press, not type-ahead.
SETTLE_SECONDS = 0.4
# An over-long entry is over when the caller has not pressed anything for this long.
QUIET_SECONDS = 1.0
TOO_LONG = "entry-too-long"


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
    settle: float = SETTLE_SECONDS
    quiet: float = QUIET_SECONDS


DEFAULT_TIMING = Timing()


class EntryKind(Enum):
    EMPTY = "empty"
    TOO_LONG = "too-long"
    NOT_DIGITS = "not-digits"  # `*` (or a `*` among digits): nothing to look up
    DIGITS = "digits"


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    digits: str = ""


async def read_entry(call: Call, *, max_digits: int, timing: Timing = DEFAULT_TIMING) -> Entry:
    """One entry for a field of at most `max_digits` digits (see the module's rules)."""
    keys = await call.read_digits(
        max_digits=max_digits + 1,
        first_timeout=timing.first_timeout,
        inter_timeout=timing.inter_timeout,
    )
    if len(keys) > max_digits:
        await call.drain_digits(quiet=timing.quiet)
        return Entry(EntryKind.TOO_LONG, keys)
    if not keys:
        return Entry(EntryKind.EMPTY)
    if not (keys.isascii() and keys.isdigit()):
        call.flush_digits()
        return Entry(EntryKind.NOT_DIGITS, keys)
    return Entry(EntryKind.DIGITS, keys)


def read_back(entry: Entry, lang: str) -> list[PromptLike]:
    """ "You entered 1 2 3" for an entry of digits; nothing for one that cannot be said."""
    if entry.kind is not EntryKind.DIGITS:
        return []
    return ["you-entered", *say_digits(entry.digits, lang)]


def why_not(entry: Entry, invalid: str, lang: str) -> list[PromptLike]:
    """What the caller hears when `entry` found nothing: no input, too long, or the entry
    read back (when it can be) followed by this question's own `invalid` prompt."""
    if entry.kind is EntryKind.EMPTY:
        return ["no-input"]
    if entry.kind is EntryKind.TOO_LONG:
        return [TOO_LONG]
    return [*read_back(entry, lang), invalid]


async def ask(
    call: Call,
    prompts: Sequence[PromptLike],
    lookup: Callable[[str], Awaitable[T | None]],
    *,
    max_digits: int,
    invalid: str,
    timing: Timing = DEFAULT_TIMING,
) -> T:
    """Prompt for digits (ended by `#`) and look them up, re-prompting on a bad entry.
    `invalid` is this question's own "that is not valid" prompt."""
    for _ in range(timing.attempts):
        await call.play(prompts)
        entry = await read_entry(call, max_digits=max_digits, timing=timing)
        if entry.kind is EntryKind.DIGITS:
            try:
                found = await lookup(entry.digits)
            except Rejected as rejection:
                call.flush_digits()
                await call.play(rejection.prompts, barge_in=False)
                continue
            if found is not None:
                return found
            call.flush_digits()
        await call.play(why_not(entry, invalid, call.language), barge_in=False)
    raise NoInput(f"no valid entry after {timing.attempts} attempts")


async def choose(
    call: Call,
    prompts: Sequence[PromptLike],
    choices: str,
    *,
    invalid: str,
    languages: Sequence[str] | None = None,
    timing: Timing = DEFAULT_TIMING,
) -> str:
    """A one-key menu: returns the key pressed, one of `choices`; a key that is not one of
    them hears `invalid` (each line names its own, as with `ask`).

    `languages`: before a language is chosen, the menu's own errors play in each of them,
    as its options do."""
    for _ in range(timing.attempts):
        await call.play(prompts)
        key = await call.read_digits(
            max_digits=1, first_timeout=timing.first_timeout, inter_timeout=0
        )
        if key and await call.key_follows(within=timing.settle):
            await call.drain_digits(quiet=timing.quiet)
            error = TOO_LONG
        elif key and key in choices:
            return key
        else:
            call.flush_digits()
            error = invalid if key else "no-input"
        spoken: list[PromptLike] = (
            [Prompt(error, lang) for lang in languages] if languages else [error]
        )
        await call.play(spoken, barge_in=False)
    raise NoInput(f"no valid choice after {timing.attempts} attempts")
