"""Hungarian speech, checked as the words a Hungarian listener hears: kettő / két, the
tizen- and huszon- tens, numbers said as one word, the singular after a number."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from app.calls.speech import (
    say_count,
    say_digits,
    say_duration,
    say_number,
    say_phone_number,
    say_time,
)
from app.sounds.catalogue import load_catalogue

LANG = "hu"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"
CATALOGUE = load_catalogue(SOUNDS)


def word(keys: list[str]) -> str:
    """A number as Hungarian writes it: one word (groups of a phone number by spaces)."""
    return "".join(" " if key == "pause" else CATALOGUE.text(key, LANG) for key in keys)


def words(keys: list[str]) -> str:
    return " ".join(CATALOGUE.text(key, LANG) for key in keys)


@pytest.mark.parametrize(
    ("n", "written"),
    [
        (0, "nulla"),
        (1, "egy"),
        (2, "kettő"),
        (7, "hét"),
        (10, "tíz"),
        (11, "tizenegy"),
        (12, "tizenkettő"),
        (19, "tizenkilenc"),
        (20, "húsz"),
        (21, "huszonegy"),
        (22, "huszonkettő"),
        (30, "harminc"),
        (45, "negyvenöt"),
        (99, "kilencvenkilenc"),
        (100, "száz"),
        (102, "százkettő"),
        (200, "kétszáz"),
        (234, "kétszázharmincnégy"),
        (1000, "ezer"),
        (1999, "ezerkilencszázkilencvenkilenc"),
        (2000, "kétezer"),
        (2002, "kétezerkettő"),
        (9999, "kilencezerkilencszázkilencvenkilenc"),
    ],
)
def test_number(n: int, written: str) -> None:
    assert word(say_number(n, LANG)) == written


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [
        (1, "minute", "egy perc"),
        (2, "minute", "két perc"),  # két before a noun, and the noun stays singular
        (5, "minute", "öt perc"),
        (12, "task", "tizen két feladat"),
        (22, "hour", "huszon két óra"),
        (3, "client", "három ügyfél"),
        (200, "task", "kétszáz feladat"),
    ],
)
def test_count(n: int, noun: str, said: str) -> None:
    assert words(say_count(n, noun, LANG)) == said


@pytest.mark.parametrize(
    ("hh", "mm", "said"),
    [
        (0, 0, "nulla óra"),
        (2, 2, "két óra két perc"),
        (10, 5, "tíz óra öt perc"),
        (12, 30, "tizen két óra harminc perc"),
        (23, 59, "huszon három óra ötven kilenc perc"),
    ],
)
def test_time(hh: int, mm: int, said: str) -> None:
    assert words(say_time(datetime.time(hh, mm), LANG)) == said


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(0, "nulla perc"), (2, "két perc"), (60, "egy óra"), (135, "két óra tizen öt perc")],
)
def test_duration(minutes: int, said: str) -> None:
    assert words(say_duration(minutes, LANG)) == said


def test_digits() -> None:
    assert words(say_digits("1203", LANG)) == "egy kettő nulla három"


@pytest.mark.parametrize(
    ("number", "written"),
    [
        ("12345678", "egy kétszázharmincnégy ötvenhat hetvennyolc"),  # Budapest
        ("301234567", "harminc százhuszonhárom negyvenöt hatvanhét"),  # a mobile
        ("06301234567", "nullahat harminc százhuszonhárom negyvenöt hatvanhét"),
        ("46123456", "negyvenhat százhuszonhárom négyszázötvenhat"),  # area code + 6 digits
    ],
)
def test_phone_numbers_in_groups(number: str, written: str) -> None:
    assert word(say_phone_number(number, LANG)) == written
