"""Hungarian: kettő / két, the tizen- and huszon- tens, the singular after a number.

A number is one word in writing (ezerkilencszázkilencvenkilenc) and is composed here from
its parts: ezer, kilencszáz, kilencven, kilenc. 2 is "kettő" standing alone or at the end of
a number read out, "két" before a noun and inside compounds (kétszáz, kétezer, két óra,
huszonkét perc). 10 and 20 followed by units are "tizen-" and "huszon-" (tizenegy,
huszonöt). A counted noun stays singular: öt perc, három feladat. The clock is "tíz óra öt
perc"; a duration "két óra tizenöt perc". Phone numbers are read in groups, each as a
number: Budapest 1 234 5678 as 1 234 56 78, mobiles 30 123 4567 as 30 123 45 67.
"""

from __future__ import annotations

import datetime

from app.calls.speech.base import (
    Case,
    Gender,
    Noun,
    digit_keys,
    group_as_number,
    hour_and_minute,
    in_groups,
    split,
    threes,
)


def _unit(n: int, attributive: bool) -> str:
    return "num-2-attr" if n == 2 and attributive else f"num-{n}"


def _below_100(n: int, attributive: bool) -> list[str]:
    tens, unit = divmod(n, 10)
    if not unit or n < 10:
        return [f"num-{n}"] if n >= 10 else [_unit(n, attributive)]
    if tens in (1, 2):
        return [f"num-{tens * 10}-pre", _unit(unit, attributive)]  # tizen-, huszon-
    return [f"num-{tens * 10}", _unit(unit, attributive)]


def spoken_number(n: int, attributive: bool) -> list[str]:
    if n == 0:
        return ["num-0"]
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    keys: list[str] = []
    if thousands:
        keys.append(f"num-{thousands * 1000}")  # ezer, kétezer, …
    if hundreds:
        keys.append(f"num-{hundreds * 100}")  # száz, kétszáz, …
    return keys + (_below_100(rest, attributive) if rest else [])


def number(n: int, gender: Gender | None = None) -> list[str]:
    return spoken_number(n, attributive=False)


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def _phone_sizes(number: str) -> list[int]:
    if len(number) == 11 and number.startswith("06"):
        return [2, 2, 3, 2, 2]  # 06 30 123 45 67
    if len(number) == 8 and number.startswith("1"):
        return [1, 3, 2, 2]  # Budapest
    return {9: [2, 3, 2, 2], 8: [2, 3, 3]}.get(len(number)) or threes(len(number))


def phone_number(number_: str) -> list[str]:
    sizes = _phone_sizes(number_)
    return in_groups(group_as_number(g, number) for g in split(number_, sizes))


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    return [*spoken_number(n, attributive=True), f"word-{noun}"]


def time(t: datetime.time) -> list[str]:
    keys = count(t.hour, "hour")
    return keys + (count(t.minute, "minute") if t.minute else [])


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    return count(hours, "hour") + (count(rest, "minute") if rest else [])
