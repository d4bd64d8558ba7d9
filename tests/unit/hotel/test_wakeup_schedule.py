"""Wake-up schedule: the next due time (across midnight and DST), retries, snooze, the
operator alert and daily calls."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.systems.hotel.rules.wakeup import (
    Attempt,
    WakeUpPolicy,
    WakeUpState,
    after_attempt,
    next_due,
    parse_hhmm,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
POLICY = WakeUpPolicy(retries=2, retry_minutes=5, snooze_minutes=10)


def local(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("now", "at", "due"),
    [
        # later today
        (local(SHANGHAI, 2026, 12, 2, 5, 0), time(6, 30), local(SHANGHAI, 2026, 12, 2, 6, 30)),
        # already past: tomorrow
        (local(SHANGHAI, 2026, 12, 2, 7, 0), time(6, 30), local(SHANGHAI, 2026, 12, 3, 6, 30)),
        # the same minute is past
        (local(SHANGHAI, 2026, 12, 2, 6, 30), time(6, 30), local(SHANGHAI, 2026, 12, 3, 6, 30)),
        # set at 23:59 for 00:05: across midnight
        (local(SHANGHAI, 2026, 12, 2, 23, 59), time(0, 5), local(SHANGHAI, 2026, 12, 3, 0, 5)),
        # across the end of the year
        (local(SHANGHAI, 2026, 12, 31, 22, 0), time(6, 0), local(SHANGHAI, 2027, 1, 1, 6, 0)),
        # DST starts (New York, 8 March 2026, 02:00 -> 03:00): 02:30 does not exist
        (local(NEW_YORK, 2026, 3, 7, 23, 0), time(2, 30), local(NEW_YORK, 2026, 3, 8, 3, 30)),
        # the morning after the change still rings at 07:00 local
        (local(NEW_YORK, 2026, 3, 7, 23, 0), time(7, 0), local(NEW_YORK, 2026, 3, 8, 7, 0)),
        # DST ends (1 November 2026): 01:30 happens twice, the first one rings
        (
            local(NEW_YORK, 2026, 10, 31, 23, 0),
            time(1, 30),
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        ),
    ],
)
def test_next_due(now: datetime, at: time, due: datetime) -> None:
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    assert next_due(at, now.astimezone(UTC), zone) == due.astimezone(UTC)


@pytest.mark.parametrize("text", ["630", "06300", "2400", "0660", "ab12", ""])
def test_times_that_are_not_hhmm_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_hhmm(text)


def test_hhmm() -> None:
    assert parse_hhmm("0630") == time(6, 30)
    assert parse_hhmm("2359") == time(23, 59)


NOW = datetime(2026, 12, 2, 22, 30, tzinfo=UTC)  # 06:30 in Shanghai


def attempt(outcome: Attempt, attempts: int, daily: bool = False):  # type: ignore[no-untyped-def]
    return after_attempt(
        at=time(6, 30),
        daily=daily,
        due_at=NOW,
        attempts=attempts,
        outcome=outcome,
        now=NOW,
        zone=SHANGHAI,
        policy=POLICY,
    )


def test_no_answer_retries_then_alerts_the_operator() -> None:
    first = attempt(Attempt.NO_ANSWER, 0)
    assert (first.state, first.attempts, first.alert) == (WakeUpState.SCHEDULED, 1, False)
    assert first.due_at == NOW + timedelta(minutes=5)
    second = attempt(Attempt.NO_ANSWER, 1)
    assert (second.state, second.attempts, second.alert) == (WakeUpState.SCHEDULED, 2, False)
    last = attempt(Attempt.NO_ANSWER, 2)
    assert (last.state, last.attempts, last.alert) == (WakeUpState.FAILED, 3, True)


def test_snooze_rings_again_later_and_starts_the_count_over() -> None:
    snoozed = attempt(Attempt.SNOOZED, 2)
    assert (snoozed.state, snoozed.attempts, snoozed.alert) == (WakeUpState.SCHEDULED, 0, False)
    assert snoozed.due_at == NOW + timedelta(minutes=10)


def test_confirmed_one_off_is_done_and_daily_comes_back_tomorrow() -> None:
    assert attempt(Attempt.CONFIRMED, 1).state is WakeUpState.DONE
    daily = attempt(Attempt.CONFIRMED, 1, daily=True)
    assert daily.state is WakeUpState.SCHEDULED and daily.attempts == 0
    assert daily.due_at == NOW + timedelta(days=1)


def test_a_daily_call_nobody_confirms_alerts_and_still_rings_tomorrow() -> None:
    missed = attempt(Attempt.NO_ANSWER, 2, daily=True)
    assert missed.alert and missed.state is WakeUpState.SCHEDULED
    assert missed.due_at == NOW + timedelta(days=1)
