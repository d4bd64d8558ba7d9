"""Wake-up calls: when one is next due, and what an attempt's outcome does to it.

Times are the guest's wall clock in the hotel's time zone. A time that a DST change skips
(02:30 on the spring-forward night) rings as many minutes after the jump as it was past
the hour before it (03:30), a time that occurs twice (fall back) rings at the first one.
A call nobody confirms is tried again `retries` times, `retry_minutes` apart; then the
operator console is alerted. Snooze rings again after `snooze_minutes` and starts the
count of tries over. A daily call is rescheduled for the next day after a confirmation or
the alert; a one-off ends there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class WakeUpState(StrEnum):
    SCHEDULED = "scheduled"
    RINGING = "ringing"  # claimed by the controller placing it
    DONE = "done"
    FAILED = "failed"  # nobody confirmed; the operator was alerted
    CANCELLED = "cancelled"


class Attempt(StrEnum):
    CONFIRMED = "confirmed"
    SNOOZED = "snoozed"
    NO_ANSWER = "no_answer"  # not answered, or answered and no key pressed


@dataclass(frozen=True)
class WakeUpPolicy:
    retries: int = 2
    retry_minutes: int = 5
    snooze_minutes: int = 10


@dataclass(frozen=True)
class WakeUpUpdate:
    state: WakeUpState
    due_at: datetime
    attempts: int
    alert: bool  # tell the operator console


def parse_hhmm(digits: str) -> time:
    """`0630` -> 06:30; ValueError for anything that is not a time of day."""
    if len(digits) != 4 or not digits.isdigit():
        raise ValueError(f"a wake-up time is four digits HHMM, not {digits!r}")
    hour, minute = int(digits[:2]), int(digits[2:])
    if hour > 23 or minute > 59:
        raise ValueError(f"{digits} is not a time of day")
    return time(hour, minute)


def _instant(day: datetime, at: time, zone: ZoneInfo) -> datetime:
    local = datetime.combine(day.date(), at, tzinfo=zone)
    # zoneinfo gives a skipped wall time the offset before the jump, so converting it to
    # UTC lands as far after the jump as it was meant after the hour (02:30 -> 03:30).
    return local.astimezone(UTC)


def next_due(at: time, now: datetime, zone: ZoneInfo) -> datetime:
    """The first instant after `now` when the hotel's clock shows `at`."""
    today = now.astimezone(zone)
    for days in range(3):
        candidate = _instant(today + timedelta(days=days), at, zone)
        if candidate > now:
            return candidate
    raise AssertionError("a time of day recurs within two days")


def after_attempt(
    *,
    at: time,
    daily: bool,
    due_at: datetime,
    attempts: int,
    outcome: Attempt,
    now: datetime,
    zone: ZoneInfo,
    policy: WakeUpPolicy,
) -> WakeUpUpdate:
    """`attempts` counts the tries before this one since the last snooze."""
    if outcome is Attempt.SNOOZED:
        return WakeUpUpdate(
            WakeUpState.SCHEDULED, now + timedelta(minutes=policy.snooze_minutes), 0, False
        )
    if outcome is Attempt.CONFIRMED:
        if daily:
            return WakeUpUpdate(WakeUpState.SCHEDULED, next_due(at, now, zone), 0, False)
        return WakeUpUpdate(WakeUpState.DONE, due_at, attempts + 1, False)
    tried = attempts + 1
    if tried <= policy.retries:
        return WakeUpUpdate(
            WakeUpState.SCHEDULED, now + timedelta(minutes=policy.retry_minutes), tried, False
        )
    if daily:
        return WakeUpUpdate(WakeUpState.SCHEDULED, next_due(at, now, zone), 0, True)
    return WakeUpUpdate(WakeUpState.FAILED, due_at, tried, True)
