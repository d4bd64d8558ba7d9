"""Czech: three genders of 1 and 2, the 1 / 2–4 / 5+ noun forms, the 24-hour clock.

After 1 the noun is nominative singular (jedna minuta), after 2–4 nominative plural (dvě
minuty), after 0 and 5+ genitive plural (pět minut). Compounds ending in 1 take the
invariable "jedna" and the genitive plural, as the speaking clock says "dvacet jedna hodin";
compounds ending in 2–4 agree like 2–4 ("dvacet dvě minuty"). The clock is said as hours and
minutes ("deset hodin pět minut"), hours and minutes of a duration are joined by "a".
Phone numbers are read in threes, each group as a number: 234 234 399 is "dvě stě třicet
čtyři, dvě stě třicet čtyři, tři sta devadesát devět".
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
# How 1 and 2 are said: agreeing with a noun's gender, or "neutral" as when counting or
# reading a number out (jedna, dva).
Form = Literal["m", "f", "n", "neutral"]

_NOUN_GENDER: dict[Noun, Gender] = {"task": "m", "minute": "f", "hour": "f", "client": "m"}
_ANIMATE: frozenset[Noun] = frozenset({"client"})


def plural(n: int) -> Plural:
    if n == 1:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"  # 0, 5+, and compounds ending in 1 (dvacet jedna minut)


def _unit(n: int, form: Form, compound: bool) -> str:
    if n == 1:
        # "jedna" is the counting form and the invariable one inside compounds.
        return "num-1" if compound or form in ("f", "neutral") else f"num-1-{form}"
    if n == 2 and form in ("f", "n"):
        return "num-2-f"  # dvě (feminine and neuter)
    return f"num-{n}"


def _below_1000(n: int, form: Form, compound: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    keys = [f"num-{hundreds * 100}"] if hundreds else []  # sto, dvě stě, tři sta, pět set
    compound = compound or bool(hundreds)
    if rest == 0:
        return keys
    if rest < 20:
        return [*keys, _unit(rest, form, compound)]
    tens, unit = divmod(rest, 10)
    keys.append(f"num-{tens * 10}")
    return keys + ([_unit(unit, form, True)] if unit else [])


def spoken_number(n: int, form: Form) -> list[str]:
    if n == 0:
        return ["num-0"]
    thousands, rest = divmod(n, 1000)
    keys: list[str] = []
    if thousands == 1:
        keys.append("word-thousand")  # tisíc, not "jeden tisíc"
    elif thousands:
        # tisíc is masculine: dva tisíce, pět tisíc.
        few = plural(thousands) == "few"
        keys += [_unit(thousands, "m", False), "word-thousand-few" if few else "word-thousand"]
    return keys + (_below_1000(rest, form, bool(thousands)) if rest else [])


def number(n: int, gender: Gender | None = None) -> list[str]:
    # Said alone (a label, a count without a noun) it is the counting form: ID jedna, dva.
    return spoken_number(n, gender or "neutral")


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def phone_number(number_: str) -> list[str]:
    return in_groups(group_as_number(g, number) for g in split(number_, threes(len(number_))))


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    gender = _NOUN_GENDER[noun]
    form = plural(n)
    keys = spoken_number(n, gender)
    if case == "acc" and form == "one":
        # Zadali jste jednu minutu, jednoho klienta; an inanimate masculine does not change
        # (jeden úkol).
        if gender == "f":
            return ["num-1-f-acc", f"word-{noun}-one-acc"]
        if noun in _ANIMATE:
            return ["num-1-m-acc-anim", f"word-{noun}-one-acc"]
    if case == "acc" and form == "few" and noun in _ANIMATE:
        return [*keys, f"word-{noun}-few-acc"]  # dva klienty (nominative: dva klienti)
    return [*keys, f"word-{noun}-{form}"]


def time(t: datetime.time) -> list[str]:
    keys = count(t.hour, "hour")
    return keys + (count(t.minute, "minute") if t.minute else [])


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    return count(hours, "hour") + (["word-and", *count(rest, "minute")] if rest else [])
