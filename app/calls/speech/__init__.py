"""Numbers, digit strings, clock times, durations and counted nouns, spoken per language.

Pure: each function returns the prompt keys to play, in order; every key exists in that
language's catalogue (sounds/catalogue/<lang>/numbers.toml), which `reachable_keys` lets the
tests check exhaustively. Asterisk's own Say* applications are not used: they have no Somali
or Arabic and get Russian/Arabic agreement wrong.
"""

from __future__ import annotations

import datetime
import functools
from typing import cast

from app.calls.speech import ar, cs, en, es, hu, ru, so, zh
from app.calls.speech.base import (
    CASES,
    GENDERS,
    MAX_NUMBER,
    NOUNS,
    Case,
    Gender,
    LanguageSpeech,
    Noun,
)

__all__ = [
    "LANGUAGES",
    "MAX_NUMBER",
    "NOUNS",
    "reachable_keys",
    "say_count",
    "say_digits",
    "say_duration",
    "say_number",
    "say_phone_number",
    "say_time",
]

_SPEECH: dict[str, LanguageSpeech] = {
    "en": en,
    "es": es,
    "ru": ru,
    "so": so,
    "zh": zh,
    "ar": ar,
    "cs": cs,
    "hu": hu,
}
# Every language the platform can speak; which ones a line offers is that line's setting.
LANGUAGES: tuple[str, ...] = tuple(_SPEECH)

# Hours in a duration are counted like any other number, so the longest is MAX_NUMBER hours.
MAX_DURATION_MINUTES = MAX_NUMBER * 60 + 59


def _speech(lang: str) -> LanguageSpeech:
    try:
        return _SPEECH[lang]
    except KeyError:
        raise ValueError(f"no speech rules for language {lang!r}") from None


def _checked_number(n: int, limit: int = MAX_NUMBER) -> int:
    if not 0 <= n <= limit:
        raise ValueError(f"{n} is outside 0..{limit}")
    return n


def _checked(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")
    return value


def say_number(n: int, lang: str, *, gender: str | None = None) -> list[str]:
    """A cardinal 0..9999. `gender` is that of the thing counted: m, f or n (Russian,
    Czech); without one the number is said alone, in its counting form (Czech "jedna")."""
    checked = None if gender is None else cast(Gender, _checked(gender, GENDERS, "gender"))
    return _speech(lang).number(_checked_number(n), checked)


def say_digits(digits: str, lang: str) -> list[str]:
    """Digit by digit, for reading back IDs ("1075" → one, zero, seven, five)."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a digit string: {digits!r}")
    return _speech(lang).digits(digits)


def say_phone_number(number: str, lang: str) -> list[str]:
    """A phone number read in the groups that language's speakers use, a short pause
    between groups: Czech 234 234 399 as three numbers, US 800 555 0100 digit by digit in
    3-3-4, Chinese mobiles 3-4-4."""
    if not number.isascii() or not number.isdigit():
        raise ValueError(f"not a phone number: {number!r}")
    return _speech(lang).phone_number(number)


def say_time(t: datetime.time, lang: str) -> list[str]:
    """A clock time to the minute, as people say it in that language (seconds are dropped)."""
    return _speech(lang).time(t)


def say_duration(minutes: int, lang: str) -> list[str]:
    """Minutes under an hour ("5 minutes"), else hours and minutes ("2 hours and 5 minutes")."""
    return _speech(lang).duration(_checked_number(minutes, MAX_DURATION_MINUTES))


def say_count(n: int, noun: str, lang: str, *, case: str = "nom") -> list[str]:
    """A number with its noun in the right form: "one task", "пять задач", "两个任务".

    `case="acc"` is for a counted object after a verb ("You entered N tasks"); only Russian
    changes ("одну задачу", "одного клиента"), every other language ignores it.
    """
    checked_noun = cast(Noun, _checked(noun, NOUNS, "noun"))
    checked_case = cast(Case, _checked(case, CASES, "case"))
    return _speech(lang).count(_checked_number(n), checked_noun, checked_case)


@functools.cache
def reachable_keys(lang: str) -> frozenset[str]:
    """Every key any function above can return for `lang`, by trying every input."""
    speech = _speech(lang)
    keys: set[str] = set(speech.digits("0123456789"))
    for length in range(1, 16):
        keys.update(speech.phone_number("0" * length))  # the pause, zeros, group plans
    for n in range(MAX_NUMBER + 1):
        for gender in (*GENDERS, None):
            keys.update(speech.number(n, gender))
        for noun in NOUNS:
            for case in CASES:
                keys.update(speech.count(n, noun, case))
        keys.update(speech.duration(n * 60))  # every whole number of hours
    for minute_of_day in range(24 * 60):
        keys.update(speech.time(datetime.time(*divmod(minute_of_day, 60))))
        keys.update(speech.duration(minute_of_day))
    return frozenset(keys)
