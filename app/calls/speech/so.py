"""Somali (af Soomaali), standard northern-based written usage.

Sources: the hooyo.web.free.fr Somali course (chapters 31 "Numbers" and 32 "Time"), Omniglot's
Somali numerals and the CLDR Somali unit patterns (daqiiqad/daqiiqadood, saacad/saacadood).
Numbers put the unit before the tens and join every part with "iyo" ("kow iyo labaatan" 21,
"kun iyo laba boqol iyo afar iyo soddon" 1234). "kow" is the counting one; before a noun it is
"hal" (hal saacad). After other numbers a feminine noun takes its counting form in -ood
(laba saacadood), a masculine one stays singular (laba macmiil).
Times use the Western clock (the traditional Somali count starts the day at 06:00; the times
here must match the visit record), with the hour's definite form and a period of the day:
"tobanka iyo shan daqiiqadood subaxnimo", "lixda iyo badh fiidnimo".
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

# Counting form after a number other than one; masculine nouns keep the singular.
_OTHER: dict[Noun, str] = {
    "task": "word-task-other",  # hawlood
    "minute": "word-minute-other",  # daqiiqadood
    "hour": "word-hour-other",  # saacadood
    "client": "word-client-one",  # macmiil
}


def _below_100(n: int) -> list[str]:
    if n <= 10 or n % 10 == 0:
        return [f"num-{n}"]
    unit = n % 10
    return [f"num-{unit}", "word-and", f"num-{n - unit}"]  # "shan iyo toban" 15


def _times(multiple: int, unit_key: str) -> list[str]:
    return [unit_key] if multiple == 1 else [f"num-{multiple}", unit_key]  # boqol, laba boqol


def number(n: int, gender: Gender | None = None) -> list[str]:
    if n == 0:
        return ["num-0"]
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    parts: list[list[str]] = []
    if thousands:
        parts.append(_times(thousands, "num-thousand"))
    if hundreds:
        parts.append(_times(hundreds, "num-hundred"))
    if rest:
        parts.append(_below_100(rest))
    keys: list[str] = []
    for part in parts:
        keys += (["word-and"] if keys else []) + part
    return keys


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def phone_number(number: str) -> list[str]:
    # The line is in the US: the groups of a US number, digit by digit.
    return digit_groups(number, north_american(number))


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    if n == 1:
        return ["num-1-attr", f"word-{noun}-one"]  # hal
    return [*number(n), _OTHER[noun]]


def _hour(h12: int) -> list[str]:
    """The definite form names the hour: kowda, labada… tobanka; 11 and 12 are compounds."""
    if h12 > 10:
        return [f"num-{h12 - 10}", "word-and", "time-h-10"]  # kow iyo tobanka
    return [f"time-h-{h12}"]


def _period(h: int) -> str:
    if h < 5:
        return "time-night"  # habeennimo
    if h < 12:
        return "time-morning"  # subaxnimo
    if h < 14:
        return "time-noon"  # duhurnimo
    if h < 18:
        return "time-afternoon"  # galabnimo
    if h < 22:
        return "time-evening"  # fiidnimo
    return "time-night"


def time(t: datetime.time) -> list[str]:
    h, m = t.hour, t.minute
    keys = _hour(h % 12 or 12)
    if m == 15:
        keys += ["word-and", "time-quarter"]  # rubuc
    elif m == 30:
        keys += ["word-and", "time-half"]  # badh
    elif m:
        keys += ["word-and", *count(m, "minute")]
    return [*keys, _period(h)]


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    keys = count(hours, "hour")
    if rest:
        keys += ["word-and", *count(rest, "minute")]
    return keys
