"""Local calendar days → UTC instants.

Every date an admin types is a calendar day in the agency's own time zone, because
that is the day printed on the caregiver's timesheet and the day the state aggregator
expects. `--to` is inclusive: `--from 2026-11-01 --to 2026-11-01` is one whole day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.admin.errors import AdminError


@dataclass(frozen=True)
class DayRange:
    first: date
    last: date  # inclusive
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise AdminError(f"--to {self.last} is before --from {self.first}")

    @property
    def start_utc(self) -> datetime:
        return local_midnight(self.first, self.zone)

    @property
    def end_utc(self) -> datetime:
        """Exclusive: midnight that starts the day after `last`."""
        return local_midnight(self.last + timedelta(days=1), self.zone)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    # Midnight exists in every zone we serve; where a DST jump skipped it, zoneinfo
    # resolves forward (fold=0), which still separates the two days correctly.
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise AdminError(
            f"unknown time zone {name!r} (use an IANA name such as America/New_York)"
        ) from error


def parse_day(text: str) -> date:
    """Parse YYYY-MM-DD, for argparse (ValueError becomes its usage error)."""
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)
