"""Russian: gendered 1 and 2, three plural forms, 24-hour clock.

The noun after a number takes one of three forms, chosen by the last two digits:
1, 21, 31… → nominative singular (минута); 2–4, 22–24… → genitive singular (минуты);
0, 5–20, 25–30… → genitive plural (минут). Times are said the way the speaking clock and
railway announcements say them: "десять часов пять минут", "ноль часов".
"""

from __future__ import annotations

import datetime
from typing import Literal

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

Plural = Literal["one", "few", "many"]

_NOUN_GENDER: dict[Noun, Gender] = {"task": "f", "minute": "f", "hour": "m", "client": "m"}
_ANIMATE: frozenset[Noun] = frozenset({"client"})


def plural(n: int) -> Plural:
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def _unit(n: int, gender: Gender) -> str:
    if n == 1 and gender != "m":
        return f"num-1-{gender}"  # одна, одно
    if n == 2 and gender == "f":
        return "num-2-f"  # две; the neuter 2 is "два", like the masculine
    return f"num-{n}"


def _below_1000(n: int, gender: Gender) -> list[str]:
    hundreds, rest = divmod(n, 100)
    keys = [f"num-{hundreds * 100}"] if hundreds else []  # сто, двести, триста… are words
    if rest < 20:
        return keys + ([_unit(rest, gender)] if rest else [])
    tens, unit = divmod(rest, 10)
    keys.append(f"num-{tens * 10}")
    return keys + ([_unit(unit, gender)] if unit else [])


def number(n: int, gender: Gender | None = None) -> list[str]:
    if n == 0:
        return ["num-0"]
    thousands, rest = divmod(n, 1000)
    keys: list[str] = []
    if thousands == 1:
        keys.append("word-thousand-one")  # "тысяча", not "одна тысяча", in speech
    elif thousands:
        # тысяча is feminine: "две тысячи", "пять тысяч".
        keys += [*_below_1000(thousands, "f"), f"word-thousand-{plural(thousands)}"]
    if rest:
        keys += _below_1000(rest, gender or "m")  # said alone: один, два
    return keys


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def _phone_sizes(number: str) -> list[int]:
    if len(number) == 11 and number[0] in "78":
        return [1, 3, 3, 2, 2]  # 8 916 123 45 67
    return {10: [3, 3, 2, 2], 7: [3, 2, 2]}.get(len(number)) or threes(len(number))


def phone_number(number_: str) -> list[str]:
    # Russians read a number in groups, each as a number: 916 123 45 67 is "девятьсот
    # шестнадцать, сто двадцать три, сорок пять, шестьдесят семь".
    return in_groups(
        group_as_number(group, number) for group in split(number_, _phone_sizes(number_))
    )


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    gender = _NOUN_GENDER[noun]
    form = plural(n)
    keys = number(n, gender)
    if case == "nom":
        return [*keys, f"word-{noun}-{form}"]
    # Accusative: тысяча is a feminine noun, so "тысячу"; the rest of the number changes only
    # where it ends in a lone 1 (or is exactly 2-4 with an animate noun).
    keys = ["word-thousand-acc" if k == "word-thousand-one" else k for k in keys]
    if noun in _ANIMATE:
        # Animate accusative = genitive: "одного клиента", "двух клиентов"; compounds keep the
        # nominative except a final 1: "двадцать одного клиента", "двадцать два клиента".
        if form == "one":
            return [*keys[:-1], "num-1-acc-anim", f"word-{noun}-few"]
        if n in (2, 3, 4):
            return [f"num-{n}-acc-anim", f"word-{noun}-many"]
    elif gender == "f" and form == "one":
        return [*keys[:-1], "num-1-f-acc", f"word-{noun}-one-acc"]  # "одну задачу"
    return [*keys, f"word-{noun}-{form}"]


def time(t: datetime.time) -> list[str]:
    keys = count(t.hour, "hour")
    if t.minute:
        keys += count(t.minute, "minute")
    return keys


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    keys = count(hours, "hour")
    if rest:
        keys += count(rest, "minute")
    return keys
