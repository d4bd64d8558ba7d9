"""English (US): "one thousand two hundred thirty four", "ten oh five a.m.".

American usage: no "and" inside numbers, 12-hour clock with a.m./p.m., "twelve noon" and
"twelve midnight" for the two ambiguous instants.
"""

from __future__ import annotations

import datetime

from app.calls.speech.base import (
    Case,
    Gender,
    Noun,
    digit_groups,
    digit_keys,
    hour_and_minute,
    north_american,
)


def _below_100(n: int) -> list[str]:
    if n < 20 or n % 10 == 0:
        return [f"num-{n}"]
    return [f"num-{n - n % 10}", f"num-{n % 10}"]


def number(n: int, gender: Gender | None = None) -> list[str]:
    if n == 0:
        return ["num-0"]
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    keys: list[str] = []
    if thousands:
        keys += [*_below_100(thousands), "num-thousand"]
    if hundreds:
        keys += [f"num-{hundreds}", "num-hundred"]
    if rest:
        keys += _below_100(rest)
    return keys


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def phone_number(number: str) -> list[str]:
    # Digit by digit in the groups Americans use: 800 555 0100.
    return digit_groups(number, north_american(number))


def time(t: datetime.time) -> list[str]:
    h, m = t.hour, t.minute
    if m == 0 and h in (0, 12):
        return ["num-12", "time-midnight" if h == 0 else "time-noon"]
    keys = [f"num-{h % 12 or 12}"]
    if 0 < m < 10:
        keys += ["time-oh", f"num-{m}"]  # "ten oh five"
    elif m:
        keys += number(m)
    return [*keys, "time-am" if h < 12 else "time-pm"]


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    return [*number(n), f"word-{noun}-{'one' if n == 1 else 'other'}"]


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    keys = count(hours, "hour")
    if rest:
        keys += ["word-and", *count(rest, "minute")]
    return keys
