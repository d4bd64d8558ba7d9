from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.admin.dates import DayRange, parse_day, zone_named
from app.admin.errors import AdminError
from app.systems.evv.admin.commands import day_range

NEW_YORK = ZoneInfo("America/New_York")


def test_a_local_day_in_utc() -> None:
    days = DayRange(date(2026, 11, 3), date(2026, 11, 3), NEW_YORK)
    assert days.start_utc == datetime(2026, 11, 3, 5, tzinfo=UTC)
    assert days.end_utc == datetime(2026, 11, 4, 5, tzinfo=UTC)


def test_the_day_daylight_saving_ends_is_25_hours_long() -> None:
    days = DayRange(date(2026, 11, 1), date(2026, 11, 1), NEW_YORK)
    assert days.start_utc == datetime(2026, 11, 1, 4, tzinfo=UTC)  # still EDT at midnight
    assert days.end_utc == datetime(2026, 11, 2, 5, tzinfo=UTC)


def test_to_is_inclusive_and_not_before_from() -> None:
    days = DayRange(date(2026, 11, 1), date(2026, 11, 7), ZoneInfo("UTC"))
    assert days.end_utc == datetime(2026, 11, 8, tzinfo=UTC)
    with pytest.raises(AdminError, match="--to 2026-10-31 is before --from 2026-11-01"):
        DayRange(date(2026, 11, 1), date(2026, 10, 31), NEW_YORK)


def test_defaults_are_a_week() -> None:
    assert day_range(date(2026, 11, 1), None, "UTC") == DayRange(
        date(2026, 11, 1), date(2026, 11, 7), ZoneInfo("UTC")
    )
    assert day_range(None, date(2026, 11, 7), "UTC") == DayRange(
        date(2026, 11, 1), date(2026, 11, 7), ZoneInfo("UTC")
    )
    before = datetime.now(NEW_YORK).date()
    week = day_range(None, None, "America/New_York")
    assert week.last in {before, datetime.now(NEW_YORK).date()}  # the run may cross midnight
    assert week.last - week.first == timedelta(days=6)


@pytest.mark.parametrize("text", ["2026-11-1", "20261101", "2026-13-01", "yesterday"])
def test_days_are_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)


def test_unknown_zone() -> None:
    with pytest.raises(AdminError, match="unknown time zone 'Mars/Olympus'"):
        zone_named("Mars/Olympus")
