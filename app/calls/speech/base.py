"""Types and small helpers shared by the per-language speech modules.

Every function in this package returns prompt keys (not text): the flow plays them one after
another, so a phrase is composed from short recorded or synthesized units.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Literal, Protocol

Noun = Literal["task", "minute", "hour", "client"]
NOUNS: tuple[Noun, ...] = ("task", "minute", "hour", "client")

# Gender of the thing counted (Russian also has a neuter). Languages without grammatical
# gender ignore it; Arabic uses it for gender polarity of 3..10.
Gender = Literal["m", "f", "n"]
GENDERS: tuple[Gender, ...] = ("m", "f", "n")

# Grammatical case of a counted phrase. Only Russian changes form: "Вы ввели одну задачу"
# (accusative) versus "одна задача" (nominative).
Case = Literal["nom", "acc"]
CASES: tuple[Case, ...] = ("nom", "acc")

MAX_NUMBER = 9999


class LanguageSpeech(Protocol):
    """What each language module provides. Inputs are already validated by the package API."""

    # gender None: said alone, not before a noun (a label, a count, a phone number's group).
    def number(self, n: int, gender: Gender | None) -> list[str]: ...

    def digits(self, digits: str) -> list[str]: ...

    def time(self, t: datetime.time) -> list[str]: ...

    def duration(self, minutes: int) -> list[str]: ...

    def count(self, n: int, noun: Noun, case: Case) -> list[str]: ...

    def phone_number(self, number: str) -> list[str]: ...


def digit_keys(digits: str) -> list[str]:
    """One `num-D` prompt per digit: the plain cardinal of 0..9 in every language."""
    return [f"num-{d}" for d in digits]


def hour_and_minute(minutes: int) -> tuple[int, int]:
    """Durations of an hour or more are said as hours plus minutes."""
    return divmod(minutes, 60)


# A short silence between the groups of a phone number (each catalogue has it as a
# silence prompt), so 234 234 399 is not read in one breath.
PAUSE = "pause"


def split(number: str, sizes: list[int]) -> list[str]:
    """`number` cut into consecutive groups of the given sizes (which add up to its length)."""
    groups, start = [], 0
    for size in sizes:
        groups.append(number[start : start + size])
        start += size
    return groups


def threes(length: int) -> list[int]:
    """Groups of three from the left, never leaving a lone digit: 9 → 3 3 3, 10 → 3 3 4,
    8 → 3 3 2; up to four digits are one group."""
    if length <= 4:
        return [length] if length else []
    whole, rest = divmod(length, 3)
    if rest == 1:
        return [3] * (whole - 1) + [4]
    return [3] * whole + ([rest] if rest else [])


def north_american(number: str) -> list[int]:
    """800 555 0100, 1 800 555 0100, 555 0100; any other length in threes."""
    if len(number) == 11 and number.startswith("1"):
        return [1, 3, 3, 4]
    return {10: [3, 3, 4], 7: [3, 4]}.get(len(number)) or threes(len(number))


def in_groups(groups: Iterable[list[str]]) -> list[str]:
    """The groups' keys in order, a pause between each two."""
    keys: list[str] = []
    for group in groups:
        keys += [PAUSE, *group] if keys else group
    return keys


def digit_groups(number: str, sizes: list[int]) -> list[str]:
    """Read digit by digit within each group, pausing between groups."""
    return in_groups(digit_keys(group) for group in split(number, sizes))


def group_as_number(group: str, say: Callable[[int], list[str]]) -> list[str]:
    """A group read as a number (`say`), its leading zeros one by one: 012 → zero, twelve."""
    zeros = len(group) - len(group.lstrip("0"))
    rest = group[zeros:]
    return ["num-0"] * zeros + (say(int(rest)) if rest else [])
