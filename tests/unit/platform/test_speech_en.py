"""English speech: exact prompt keys for numbers, times, durations and counts."""

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

LANG = "en"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


def spoken(keys: list[str]) -> str:
    catalogue = load_catalogue(SOUNDS)
    return " ".join(catalogue.text(key, LANG) for key in keys)


@pytest.mark.parametrize(
    ("n", "keys"),
    [
        *[(n, f"num-{n}") for n in range(21)],
        (21, "num-20 num-1"),
        (30, "num-30"),
        (45, "num-40 num-5"),
        (99, "num-90 num-9"),
        (100, "num-1 num-hundred"),
        (101, "num-1 num-hundred num-1"),
        (110, "num-1 num-hundred num-10"),
        (115, "num-1 num-hundred num-15"),
        (999, "num-9 num-hundred num-90 num-9"),
        (1000, "num-1 num-thousand"),
        (1001, "num-1 num-thousand num-1"),
        (1010, "num-1 num-thousand num-10"),
        (1100, "num-1 num-thousand num-1 num-hundred"),
        (1234, "num-1 num-thousand num-2 num-hundred num-30 num-4"),
        (2000, "num-2 num-thousand"),
        (9999, "num-9 num-thousand num-9 num-hundred num-90 num-9"),
    ],
)
def test_number(n: int, keys: str) -> None:
    assert say_number(n, LANG) == keys.split()
    assert say_number(n, LANG, gender="f") == keys.split()  # English has no gender


@pytest.mark.parametrize(
    ("hh", "mm", "keys"),
    [
        (0, 0, "num-12 time-midnight"),
        (0, 5, "num-12 time-oh num-5 time-am"),
        (1, 0, "num-1 time-am"),
        (9, 9, "num-9 time-oh num-9 time-am"),
        (10, 0, "num-10 time-am"),
        (10, 5, "num-10 time-oh num-5 time-am"),
        (10, 10, "num-10 num-10 time-am"),
        (10, 15, "num-10 num-15 time-am"),
        (10, 30, "num-10 num-30 time-am"),
        (10, 45, "num-10 num-40 num-5 time-am"),
        (11, 59, "num-11 num-50 num-9 time-am"),
        (12, 0, "num-12 time-noon"),
        (12, 1, "num-12 time-oh num-1 time-pm"),
        (12, 30, "num-12 num-30 time-pm"),
        (13, 0, "num-1 time-pm"),
        (14, 15, "num-2 num-15 time-pm"),
        (23, 45, "num-11 num-40 num-5 time-pm"),
    ],
)
def test_time(hh: int, mm: int, keys: str) -> None:
    assert say_time(datetime.time(hh, mm), LANG) == keys.split()


@pytest.mark.parametrize(
    ("minutes", "keys"),
    [
        (0, "num-0 word-minute-other"),
        (1, "num-1 word-minute-one"),
        (2, "num-2 word-minute-other"),
        (3, "num-3 word-minute-other"),
        (5, "num-5 word-minute-other"),
        (11, "num-11 word-minute-other"),
        (21, "num-20 num-1 word-minute-other"),
        (60, "num-1 word-hour-one"),
        (61, "num-1 word-hour-one word-and num-1 word-minute-one"),
        (125, "num-2 word-hour-other word-and num-5 word-minute-other"),
        (1500, "num-20 num-5 word-hour-other"),
    ],
)
def test_duration(minutes: int, keys: str) -> None:
    assert say_duration(minutes, LANG) == keys.split()


@pytest.mark.parametrize(
    ("n", "noun", "keys"),
    [
        (0, "task", "num-0 word-task-other"),
        (1, "task", "num-1 word-task-one"),
        (2, "task", "num-2 word-task-other"),
        (21, "task", "num-20 num-1 word-task-other"),
        (1, "client", "num-1 word-client-one"),
        (3, "client", "num-3 word-client-other"),
        (1, "hour", "num-1 word-hour-one"),
        (5, "minute", "num-5 word-minute-other"),
    ],
)
def test_count(n: int, noun: str, keys: str) -> None:
    assert say_count(n, noun, LANG) == keys.split()
    assert say_count(n, noun, LANG, case="acc") == keys.split()


def test_digits() -> None:
    assert say_digits("1075", LANG) == ["num-1", "num-0", "num-7", "num-5"]


def test_reads_naturally() -> None:
    assert spoken(say_time(datetime.time(10, 5), LANG)) == "ten oh five a.m."
    assert spoken(say_number(1234, LANG)) == "one thousand two hundred thirty four"
    assert spoken(say_duration(125, LANG)) == "two hours and five minutes"
