"""Modern Standard Arabic, read in pausal form (no case endings voiced at the end).

Numbers: units before tens joined by و ("أربعة وثلاثون"), every part after the first also
prefixed by و ("ألف ومئتان وأربعة وثلاثون"). `gender` is the gender of the counted noun:
3..10 take the opposite-looking form (polarity: ثلاثة رجال، ثلاث ساعات), 1, 2, 11, 12 agree.
Counted nouns: 1 → noun + واحد(ة); 2 → the dual alone; 3..10 → plural; 11..99 → accusative
singular; whole hundreds/thousands → singular (construct: مئتا دقيقة).
Times: "الساعة العاشرة وخمس دقائق صباحًا", with والربع/والنصف; like the other languages we
never count back from the next hour (إلا ربعًا), so the hour said is the hour on the record.
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

Sex = Literal["m", "f"]

_NOUN_GENDER: dict[Noun, Sex] = {"task": "f", "minute": "f", "hour": "f", "client": "m"}
_HAS_ACCUSATIVE: frozenset[Noun] = frozenset({"client"})  # عميلًا; feminines end in ة either way


def _sex(gender: Gender) -> Sex:
    return "f" if gender == "f" else "m"


def _word(n: int, sex: Sex) -> str:
    """0..19, tens and hundreds are each one word (or one fused unit like ثلاثة عشر)."""
    gendered = 1 <= n <= 19
    return f"num-{n}-f" if gendered and sex == "f" else f"num-{n}"


def _below_100(n: int, sex: Sex) -> list[str]:
    if n < 20 or n % 10 == 0:
        return [_word(n, sex)]
    unit = n % 10
    # 21, 31…: واحد / إحدى (not واحدة) before the tens.
    unit_key = "num-1-f-compound" if unit == 1 and sex == "f" else _word(unit, sex)
    return [unit_key, "word-and", f"num-{n - unit}"]


def _parts(n: int, sex: Sex) -> list[list[str]]:
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    parts: list[list[str]] = []
    if thousands in (1, 2):
        parts.append([f"num-{thousands * 1000}"])  # ألف، ألفان
    elif thousands:
        # ألف is masculine, so 3..9 take the ة form: ثلاثة آلاف.
        parts.append([_word(thousands, "m"), "word-thousands"])
    if hundreds:
        parts.append([f"num-{hundreds * 100}"])  # مئة، مئتان، ثلاثمئة… do not change
    if rest:
        parts.append(_below_100(rest, sex))
    return parts


def _join(parts: list[list[str]]) -> list[str]:
    keys: list[str] = []
    for part in parts:
        keys += (["word-and"] if keys else []) + part
    return keys


def number(n: int, gender: Gender | None = None) -> list[str]:
    if n == 0:
        return ["num-0"]
    return _join(_parts(n, _sex(gender or "m")))


def digits(digits: str) -> list[str]:
    return digit_keys(digits)


def phone_number(number: str) -> list[str]:
    # The line is in the US: the groups of a US number, digit by digit.
    return digit_groups(number, north_american(number))


def _construct(keys: list[str]) -> list[str]:
    """Before a noun, a final dual loses its ن: مئتا دقيقة، ألفا عميل."""
    if keys and keys[-1] in ("num-200", "num-2000"):
        return [*keys[:-1], f"{keys[-1]}-construct"]
    return keys


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    sex = _NOUN_GENDER[noun]
    last_two = n % 100
    if n >= 100 and last_two in (1, 2):
        # "مئة ودقيقة واحدة": the 1 or 2 is said as a counted noun after و.
        return [*number(n - last_two, sex), "word-and", *count(last_two, noun)]
    if n == 1:
        return [f"word-{noun}-sg", _word(1, sex)]
    if n == 2:
        return [f"word-{noun}-dual"]
    if 3 <= last_two <= 10:
        return [*number(n, sex), f"word-{noun}-pl"]
    if 11 <= last_two <= 99:
        form = "acc" if noun in _HAS_ACCUSATIVE else "sg"
        return [*number(n, sex), f"word-{noun}-{form}"]
    # 0 and whole hundreds/thousands: singular after the number.
    return [*_construct(number(n, sex)), f"word-{noun}-sg"]


def _period(h: int) -> str:
    if h < 5:
        return "time-night"  # ليلًا
    if h < 12:
        return "time-am"  # صباحًا
    if h == 12:
        return "time-noon"  # ظهرًا
    return "time-pm"  # مساءً


def time(t: datetime.time) -> list[str]:
    h, m = t.hour, t.minute
    # Hours are feminine ordinals: الواحدة، الثانية… الثانية عشرة.
    keys = ["time-the-hour", f"time-h-{h % 12 or 12}"]
    if m == 15:
        keys.append("time-quarter")  # والربع
    elif m == 30:
        keys.append("time-half")  # والنصف
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
