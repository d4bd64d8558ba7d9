"""Somali speech: exact prompt keys; unit-before-tens with "iyo", hal/kow, definite hours."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from app.calls.speech import (
    say_count,
    say_digits,
    say_duration,
    say_number,
    say_time,
)
from app.sounds.catalogue import load_catalogue

LANG = "so"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


def spoken(keys: list[str]) -> str:
    catalogue = load_catalogue(SOUNDS)
    return " ".join(catalogue.text(key, LANG) for key in keys)


@pytest.mark.parametrize(
    ("n", "keys"),
    [
        *[(n, f"num-{n}") for n in range(11)],
        (11, "num-1 word-and num-10"),
        (15, "num-5 word-and num-10"),
        (19, "num-9 word-and num-10"),
        (20, "num-20"),
        (21, "num-1 word-and num-20"),
        (34, "num-4 word-and num-30"),
        (99, "num-9 word-and num-90"),
        (100, "num-hundred"),
        (101, "num-hundred word-and num-1"),
        (110, "num-hundred word-and num-10"),
        (111, "num-hundred word-and num-1 word-and num-10"),
        (200, "num-2 num-hundred"),
        (508, "num-5 num-hundred word-and num-8"),
        (528, "num-5 num-hundred word-and num-8 word-and num-20"),
        (1000, "num-thousand"),
        (1234, "num-thousand word-and num-2 num-hundred word-and num-4 word-and num-30"),
        (2000, "num-2 num-thousand"),
        (9999, "num-9 num-thousand word-and num-9 num-hundred word-and num-9 word-and num-90"),
    ],
)
def test_number(n: int, keys: str) -> None:
    assert say_number(n, LANG) == keys.split()


@pytest.mark.parametrize(
    ("hh", "mm", "keys"),
    [
        (0, 0, "num-2 word-and time-h-10 time-night"),
        (0, 5, "num-2 word-and time-h-10 word-and num-5 word-minute-other time-night"),
        (1, 0, "time-h-1 time-night"),
        (5, 0, "time-h-5 time-morning"),
        (6, 1, "time-h-6 word-and num-1-attr word-minute-one time-morning"),
        (10, 0, "time-h-10 time-morning"),
        (10, 5, "time-h-10 word-and num-5 word-minute-other time-morning"),
        (10, 15, "time-h-10 word-and time-quarter time-morning"),
        (10, 30, "time-h-10 word-and time-half time-morning"),
        (10, 45, "time-h-10 word-and num-5 word-and num-40 word-minute-other time-morning"),
        (11, 11, "num-1 word-and time-h-10 word-and num-1 word-and num-10 word-minute-other "
                 "time-morning"),
        (12, 0, "num-2 word-and time-h-10 time-noon"),
        (13, 30, "time-h-1 word-and time-half time-noon"),
        (14, 0, "time-h-2 time-afternoon"),
        (18, 0, "time-h-6 time-evening"),
        (22, 0, "time-h-10 time-night"),
    ],
)  # fmt: skip
def test_time(hh: int, mm: int, keys: str) -> None:
    assert say_time(datetime.time(hh, mm), LANG) == keys.split()


@pytest.mark.parametrize(
    ("minutes", "keys"),
    [
        (0, "num-0 word-minute-other"),
        (1, "num-1-attr word-minute-one"),
        (2, "num-2 word-minute-other"),
        (3, "num-3 word-minute-other"),
        (5, "num-5 word-minute-other"),
        (11, "num-1 word-and num-10 word-minute-other"),
        (21, "num-1 word-and num-20 word-minute-other"),
        (60, "num-1-attr word-hour-one"),
        (61, "num-1-attr word-hour-one word-and num-1-attr word-minute-one"),
        (125, "num-2 word-hour-other word-and num-5 word-minute-other"),
    ],
)
def test_duration(minutes: int, keys: str) -> None:
    assert say_duration(minutes, LANG) == keys.split()


@pytest.mark.parametrize(
    ("n", "noun", "keys"),
    [
        (0, "task", "num-0 word-task-other"),
        (1, "task", "num-1-attr word-task-one"),
        (3, "task", "num-3 word-task-other"),
        (1, "client", "num-1-attr word-client-one"),
        (2, "client", "num-2 word-client-one"),  # masculine nouns stay singular
        (2, "hour", "num-2 word-hour-other"),
    ],
)
def test_count(n: int, noun: str, keys: str) -> None:
    assert say_count(n, noun, LANG) == keys.split()


def test_digits() -> None:
    assert say_digits("1075", LANG) == ["num-1", "num-0", "num-7", "num-5"]


def test_reads_naturally() -> None:
    assert spoken(say_time(datetime.time(10, 5), LANG)) == "tobanka iyo shan daqiiqadood subaxnimo"
    assert spoken(say_time(datetime.time(18, 30), LANG)) == "lixda iyo badh fiidnimo"
    assert spoken(say_duration(125, LANG)) == "laba saacadood iyo shan daqiiqadood"
    assert spoken(say_number(1234, LANG)) == "kun iyo laba boqol iyo afar iyo soddon"
