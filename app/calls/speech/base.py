"""Types and small helpers shared by the per-language speech modules.

Every function in this package returns prompt keys (not text): the flow plays them one after
another, so a phrase is composed from short recorded or synthesized units.
"""

from __future__ import annotations

import datetime
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

    def number(self, n: int, gender: Gender) -> list[str]: ...

    def digits(self, digits: str) -> list[str]: ...

    def time(self, t: datetime.time) -> list[str]: ...

    def duration(self, minutes: int) -> list[str]: ...

    def count(self, n: int, noun: Noun, case: Case) -> list[str]: ...


def digit_keys(digits: str) -> list[str]:
    """One `num-D` prompt per digit: the plain cardinal of 0..9 in every language."""
    return [f"num-{d}" for d in digits]


def hour_and_minute(minutes: int) -> tuple[int, int]:
    """Durations of an hour or more are said as hours plus minutes."""
    return divmod(minutes, 60)
