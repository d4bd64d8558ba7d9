"""Spanish (neutral Latin American, as heard in the US).

Forms of "one": `uno` when counting, `un` before a masculine noun ("veintiún minutos"), `una`
before a feminine one ("una hora", "doscientas tareas"). 0..29 are single words
("dieciséis", "veintidós"); from 30 on, tens "y" units. Times follow the everyday style
"las diez y cinco de la mañana", with "y cuarto"/"y media"; we never use "menos" (counting
back from the next hour) so the hour said is always the hour on the record.
"""

from __future__ import annotations

import datetime
from typing import Literal

from app.calls.speech.base import (
    Case,
    Gender,
    Noun,
    digit_groups,
    digit_keys,
    hour_and_minute,
    north_american,
)

# m: counting form (uno), apoc: before a masculine noun (un), f: feminine (una).
Form = Literal["m", "apoc", "f"]

_NOUN_FORM: dict[Noun, Form] = {"task": "f", "minute": "apoc", "hour": "f", "client": "apoc"}


def _one(n: int, form: Form) -> str:
    """1 and 21 change with the form; every other word below 30 does not."""
    return f"num-{n}" if form == "m" else f"num-{n}-{form}"


def _below_100(n: int, form: Form) -> list[str]:
    if n in (1, 21):
        return [_one(n, form)]
    if n < 30 or n % 10 == 0:
        return [f"num-{n}"]
    unit = n % 10
    return [f"num-{n - unit}", "word-and", _one(1, form) if unit == 1 else f"num-{unit}"]


def _below_1000(n: int, form: Form) -> list[str]:
    hundreds, rest = divmod(n, 100)
    keys: list[str] = []
    if hundreds == 1:
        keys.append("num-100" if rest == 0 else "num-100-plus")  # cien / ciento
    elif hundreds:
        # doscientos / doscientas agree with the noun; "cien(to)" does not.
        keys.append(f"num-{hundreds * 100}" + ("-f" if form == "f" else ""))
    if rest:
        keys += _below_100(rest, form)
    return keys


def _number(n: int, form: Form) -> list[str]:
    if n == 0:
        return ["num-0"]
    thousands, rest = divmod(n, 1000)
    keys: list[str] = []
    if thousands:
        # "mil", never "un mil"; "dos mil".
        keys += ([] if thousands == 1 else _below_1000(thousands, "apoc")) + ["num-thousand"]
    if rest:
        keys += _below_1000(rest, form)
    return keys


def number(n: int, gender: Gender | None = None) -> list[str]:
    return _number(n, "f" if gender == "f" else "m")


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def phone_number(number: str) -> list[str]:
    # The line is in the US: the groups of a US number, digit by digit.
    return digit_groups(number, north_american(number))


def _period(h: int) -> str:
    if 1 <= h <= 5:
        return "time-dawn"  # de la madrugada
    if 6 <= h <= 11:
        return "time-morning"  # de la mañana
    if h == 12:
        return "time-noon"  # del mediodía
    if 13 <= h <= 19:
        return "time-afternoon"  # de la tarde
    return "time-night"  # de la noche (20..23 and the hour after midnight)


def time(t: datetime.time) -> list[str]:
    h, m = t.hour, t.minute
    h12 = h % 12 or 12
    # Hours are feminine (la hora): "la una", "las dos".
    keys = ["time-la", "num-1-f"] if h12 == 1 else ["time-las", f"num-{h12}"]
    if m == 0:
        keys.append("time-sharp")  # en punto
    elif m == 15:
        keys += ["word-and", "time-quarter"]
    elif m == 30:
        keys += ["word-and", "time-half"]
    else:
        keys += ["word-and", *_number(m, "m")]
    return [*keys, _period(h)]


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    return [*_number(n, _NOUN_FORM[noun]), f"word-{noun}-{'one' if n == 1 else 'other'}"]


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    keys = count(hours, "hour")
    if rest:
        keys += ["word-and", *count(rest, "minute")]
    return keys
