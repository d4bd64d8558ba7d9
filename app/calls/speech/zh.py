"""Mandarin (Putonghua), as spoken in mainland China.

Numbers: 十五 (not 一十五) at the start, 一百一十 inside; one 零 for any run of zeros before a
non-zero digit (一千零五, 一千零五十); 两 for a leading 2 before 百/千 and for a plain 2 before a
measure word (两个任务, 两分钟, 两点), but 二 in compounds and when counting (二十二, 十二点).
Digit strings are read with 幺 for 1, as on the phone in China, so 1 and 7 are not confused.
Times: 上午十点零五分, 下午两点半, 上午十点整.
"""

from __future__ import annotations

import datetime

from app.calls.speech.base import Case, Gender, Noun, hour_and_minute, in_groups, split, threes

_UNITS = ((1000, "num-thousand"), (100, "num-hundred"), (10, "num-10"))

# Measure word between the number and the noun; minutes take none (分钟 is itself a unit).
_MEASURE: dict[Noun, list[str]] = {
    "task": ["measure-ge"],
    "client": ["measure-wei"],  # 位: the polite measure word for people
    "hour": ["measure-ge"],  # 两个小时
    "minute": [],
}


def number(n: int, gender: Gender | None = None) -> list[str]:
    if n == 0:
        return ["num-0"]
    keys: list[str] = []
    zero_pending = False
    rest = n
    for value, unit_key in _UNITS:
        digit, rest = divmod(rest, value)
        if not digit:
            zero_pending = bool(keys)
            continue
        if zero_pending:
            keys.append("num-0")
            zero_pending = False
        if not keys and value == 10 and digit == 1:
            keys.append("num-10")  # 十五, not 一十五
            continue
        leading_two = not keys and digit == 2 and value >= 100
        keys += ["num-2-liang" if leading_two else f"num-{digit}", unit_key]
    if rest:
        if zero_pending:
            keys.append("num-0")
        keys.append(f"num-{rest}")
    return keys


def _before_measure(n: int) -> list[str]:
    return ["num-2-liang"] if n == 2 else number(n)


def digits(digits: str) -> list[str]:
    return ["num-1-yao" if d == "1" else f"num-{d}" for d in digits]


def phone_number(number: str) -> list[str]:
    # Mobiles (and area code + landline) are 3-4-4 (138 0013 8000), a city number 4-4.
    sizes = {11: [3, 4, 4], 8: [4, 4]}.get(len(number)) or threes(len(number))
    return in_groups(digits(group) for group in split(number, sizes))


def _period(h: int) -> str:
    if h < 6:
        return "time-small-hours"  # 凌晨
    if h < 12:
        return "time-am"  # 上午
    if h == 12:
        return "time-noon"  # 中午
    if h < 18:
        return "time-pm"  # 下午
    return "time-evening"  # 晚上


def time(t: datetime.time) -> list[str]:
    h, m = t.hour, t.minute
    # 12-hour clock except that the hour after midnight is 零点 (凌晨零点五分), as in China.
    hour = h if h <= 12 else h - 12
    keys = [_period(h), *_before_measure(hour), "time-dian"]
    if m == 0:
        return [*keys, "time-sharp"]  # 整
    if m == 30:
        return [*keys, "time-half"]  # 半
    minute = ["num-0", f"num-{m}"] if m < 10 else number(m)  # 零五分
    return [*keys, *minute, "time-fen"]


def count(n: int, noun: Noun, case: Case = "nom") -> list[str]:
    return [*_before_measure(n), *_MEASURE[noun], f"word-{noun}"]


def duration(minutes: int) -> list[str]:
    hours, rest = hour_and_minute(minutes)
    if not hours:
        return count(rest, "minute")
    return count(hours, "hour") + (count(rest, "minute") if rest else [])
