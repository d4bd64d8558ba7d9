"""Masked outbound calling (seed 001): pure rules. No I/O, no clock.

Who may call, which fictitious number a shopper presents, which destinations may be
dialed, callback order numbers and per-shopper limits. The flows and the ARI adapter ask
these functions; nothing here knows about calls or databases.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.calls.digits import digits_of

# The shoppers are Czech (seed 001): Czech first, the line's and a new shopper's default,
# and English for those who prefer it. SWITCHBOARD_MASKING_LANGUAGES changes it.
MASKING_LANGUAGES = ("cs", "en")
DEFAULT_SHOPPER_LANGUAGE = MASKING_LANGUAGES[0]


@dataclass(frozen=True)
class Shopper:
    id: int
    name: str
    real_number: str
    language: str = DEFAULT_SHOPPER_LANGUAGE  # what the line speaks to them, and the SMS


@dataclass(frozen=True)
class Pairing:
    """One fictitious number a shopper may present; `ordinal` is the ID they key in (`2#`)."""

    shopper_id: int
    ordinal: int
    number: str


@dataclass(frozen=True)
class PendingCallback:
    """A call to a fictitious number its shopper did not answer, waiting to be returned."""

    id: int
    shopper_id: int
    order_number: int
    caller_number: str
    fictitious_number: str
    missed_at: datetime
    expires_at: datetime


class MaskedCallDirection(StrEnum):
    OUTBOUND = "outbound"  # the shopper dialed out through the access number
    INBOUND = "inbound"  # a callee called a fictitious number back
    RETURN = "return"  # the shopper returned a pending callback


class MaskedCallOutcome(StrEnum):
    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    # The calling party hung up before the far end answered.
    ABANDONED = "abandoned"
    # The adapter's last caller-ID check stopped the dial.
    REFUSED = "refused"


@dataclass(frozen=True)
class MaskedCallStart:
    """What is known of a masked call when it starts (the flow writes it before dialing)."""

    direction: MaskedCallDirection
    shopper_id: int
    fictitious_number: str
    remote_number: str
    channel_id: str
    started_at: datetime
    pending_callback_id: int | None = None


class Refusal(StrEnum):
    """Why a destination or a call is refused; each value is the prompt the caller hears."""

    EMERGENCY = "masking-emergency-refused"
    PREMIUM = "masking-premium-refused"
    INVALID = "masking-destination-invalid"
    NOT_ALLOWED = "masking-destination-not-allowed"
    TOO_MANY_CALLS = "masking-too-many-calls"
    RATE_LIMITED = "masking-rate-limited"


@dataclass(frozen=True)
class DestinationRules:
    """What a shopper may dial. Prefixes are digit strings; the defaults suit Czech numbers
    (nine digits, no 1xx service numbers, no 90x premium-rate lines)."""

    allowed_prefixes: tuple[str, ...] = ("2", "3", "4", "5", "6", "7", "8", "9")
    min_digits: int = 9
    max_digits: int = 9
    emergency_numbers: tuple[str, ...] = ("112", "150", "155", "156", "158", "911", "999")
    premium_prefixes: tuple[str, ...] = ("900", "906", "909", "976")


@dataclass(frozen=True)
class Limits:
    max_concurrent_calls: int = 1
    max_calls_per_window: int = 20
    window: timedelta = timedelta(hours=1)


class NotOwned(Exception):
    """A number outside the operator's pool was about to be presented as a caller ID."""


def pairing_prompt(pairings: Sequence[Pairing]) -> str | None:
    """Which first question the access number asks: None when the shopper has nothing
    paired (refused), the destination question for one pairing, else the ID question."""
    if not pairings:
        return None
    return "masking-enter-destination" if len(pairings) == 1 else "masking-enter-id"


LIST_PAIRINGS = "0"


def choose_pairing(pairings: Sequence[Pairing], entry: str) -> Pairing | None:
    """The pairing whose ordinal the shopper keyed (`2` for `2#`); `0` is the listing, not
    a choice, and anything else unknown is None."""
    if not entry.isdigit() or entry.strip("0") == "":
        return None
    wanted = int(entry)
    return next((p for p in pairings if p.ordinal == wanted), None)


def check_destination(entry: str, rules: DestinationRules) -> Refusal | None:
    """None when `entry` may be dialed. Emergency and premium numbers are named as such so
    the shopper hears why; they are checked before length so `112` is not merely "invalid"."""
    number = digits_of(entry)
    if number != entry or not number:
        return Refusal.INVALID
    if number in rules.emergency_numbers:
        return Refusal.EMERGENCY
    if any(number.startswith(prefix) for prefix in rules.premium_prefixes):
        return Refusal.PREMIUM
    if not rules.min_digits <= len(number) <= rules.max_digits:
        return Refusal.INVALID
    if not any(number.startswith(prefix) for prefix in rules.allowed_prefixes):
        return Refusal.NOT_ALLOWED
    return None


def ensure_owned(number: str, pool: Collection[str]) -> str:
    """The number, if the operator owns it; raises NotOwned otherwise. Presenting a number
    one does not own is caller-ID spoofing, so there is no way around this."""
    if not number or number not in pool:
        raise NotOwned(f"{number!r} is not in the owned pool")
    return number


def next_order_number(used: Iterable[int]) -> int:
    """Order numbers grow per shopper and are never reused, so an old SMS can never lead to
    a different caller than the one it named."""
    return max(used, default=0) + 1


def check_limits(active_calls: int, calls_in_window: int, limits: Limits) -> Refusal | None:
    if active_calls >= limits.max_concurrent_calls:
        return Refusal.TOO_MANY_CALLS
    if calls_in_window >= limits.max_calls_per_window:
        return Refusal.RATE_LIMITED
    return None


def open_callbacks(callbacks: Iterable[PendingCallback], now: datetime) -> list[PendingCallback]:
    """The callbacks still to be returned, oldest first."""
    return sorted(
        (c for c in callbacks if c.expires_at > now), key=lambda c: (c.missed_at, c.order_number)
    )


def choose_callback(callbacks: Sequence[PendingCallback], entry: str) -> PendingCallback | None:
    if not entry.isdigit():
        return None
    wanted = int(entry)
    return next((c for c in callbacks if c.order_number == wanted), None)


def missed_call_sms(
    caller_number: str,
    missed_at_local: datetime,
    order_number: int,
    callback_number: str,
    lang: str = "en",
) -> str:
    """The SMS a shopper gets for a missed call, in the shopper's language (English for a
    language without a text of its own). The seed says to call back through the callback
    number given in the message and to key in the order number from it, so it has both."""
    at = missed_at_local
    if lang == "cs":
        # The seed's words: "nevyřízený hovor", "pořadové číslo ze SMS"; Czech dates.
        return (
            f"Máte nevyřízený hovor z čísla {caller_number} ({at.day}. {at.month}. {at.year} "
            f"v {at:%H:%M}). Zpět volejte na {callback_number}, pořadové číslo {order_number}."
        )
    return (
        f"Missed call from {caller_number} at {at:%Y-%m-%d %H:%M}. "
        f"Call {callback_number} to return it; order number {order_number}."
    )
