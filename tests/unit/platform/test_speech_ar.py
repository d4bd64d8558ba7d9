"""Arabic speech: exact prompt keys; gender polarity, dual, counted-noun forms, و joins."""

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

LANG = "ar"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


def spoken(keys: list[str]) -> str:
    """The text as it is written: و is a prefix, joined to the word after it."""
    catalogue = load_catalogue(SOUNDS)
    words = [catalogue.text(key, LANG) for key in keys]
    return " ".join(words).replace("وَ ", "وَ")


@pytest.mark.parametrize(
    ("n", "gender", "keys"),
    [
        *[(n, "m", f"num-{n}") for n in range(20)],
        *[(n, "f", f"num-{n}-f") for n in range(1, 20)],
        (0, "f", "num-0"),
        (20, "m", "num-20"),
        (20, "f", "num-20"),
        (21, "m", "num-1 word-and num-20"),
        (21, "f", "num-1-f-compound word-and num-20"),
        (22, "f", "num-2-f word-and num-20"),
        (23, "m", "num-3 word-and num-20"),
        (23, "f", "num-3-f word-and num-20"),
        (99, "m", "num-9 word-and num-90"),
        (100, "m", "num-100"),
        (101, "m", "num-100 word-and num-1"),
        (105, "f", "num-100 word-and num-5-f"),
        (111, "m", "num-100 word-and num-11"),
        (200, "m", "num-200"),
        (300, "f", "num-300"),
        (999, "m", "num-900 word-and num-9 word-and num-90"),
        (1000, "m", "num-1000"),
        (1001, "m", "num-1000 word-and num-1"),
        (1234, "m", "num-1000 word-and num-200 word-and num-4 word-and num-30"),
        (2000, "m", "num-2000"),
        (3000, "f", "num-3 word-thousands"),  # ألف is masculine whatever is counted
        (9999, "m", "num-9 word-thousands word-and num-900 word-and num-9 word-and num-90"),
    ],
)
def test_number(n: int, gender: str, keys: str) -> None:
    assert say_number(n, LANG, gender=gender) == keys.split()


@pytest.mark.parametrize(
    ("hh", "mm", "keys"),
    [
        (0, 0, "time-the-hour time-h-12 time-night"),
        (0, 5, "time-the-hour time-h-12 word-and num-5-f word-minute-pl time-night"),
        (1, 0, "time-the-hour time-h-1 time-night"),
        (5, 1, "time-the-hour time-h-5 word-and word-minute-sg num-1-f time-am"),
        (6, 2, "time-the-hour time-h-6 word-and word-minute-dual time-am"),
        (10, 0, "time-the-hour time-h-10 time-am"),
        (10, 5, "time-the-hour time-h-10 word-and num-5-f word-minute-pl time-am"),
        (10, 10, "time-the-hour time-h-10 word-and num-10-f word-minute-pl time-am"),
        (10, 11, "time-the-hour time-h-10 word-and num-11-f word-minute-sg time-am"),
        (10, 15, "time-the-hour time-h-10 time-quarter time-am"),
        (10, 30, "time-the-hour time-h-10 time-half time-am"),
        (10, 45, "time-the-hour time-h-10 word-and num-5-f word-and num-40 word-minute-sg time-am"),
        (12, 0, "time-the-hour time-h-12 time-noon"),
        (12, 30, "time-the-hour time-h-12 time-half time-noon"),
        (13, 0, "time-the-hour time-h-1 time-pm"),
        (23, 15, "time-the-hour time-h-11 time-quarter time-pm"),
    ],
)
def test_time(hh: int, mm: int, keys: str) -> None:
    assert say_time(datetime.time(hh, mm), LANG) == keys.split()


@pytest.mark.parametrize(
    ("minutes", "keys"),
    [
        (0, "num-0 word-minute-sg"),
        (1, "word-minute-sg num-1-f"),
        (2, "word-minute-dual"),
        (3, "num-3-f word-minute-pl"),
        (5, "num-5-f word-minute-pl"),
        (11, "num-11-f word-minute-sg"),
        (21, "num-1-f-compound word-and num-20 word-minute-sg"),
        (60, "word-hour-sg num-1-f"),
        (61, "word-hour-sg num-1-f word-and word-minute-sg num-1-f"),
        (125, "word-hour-dual word-and num-5-f word-minute-pl"),
    ],
)
def test_duration(minutes: int, keys: str) -> None:
    assert say_duration(minutes, LANG) == keys.split()


@pytest.mark.parametrize(
    ("n", "noun", "keys"),
    [
        (0, "task", "num-0 word-task-sg"),
        (3, "task", "num-3-f word-task-pl"),
        (1, "client", "word-client-sg num-1"),
        (2, "client", "word-client-dual"),
        (3, "client", "num-3 word-client-pl"),
        (10, "client", "num-10 word-client-pl"),
        (11, "client", "num-11 word-client-acc"),
        (25, "client", "num-5 word-and num-20 word-client-acc"),
        (100, "client", "num-100 word-client-sg"),
        (101, "client", "num-100 word-and word-client-sg num-1"),
        (102, "client", "num-100 word-and word-client-dual"),
        (103, "client", "num-100 word-and num-3 word-client-pl"),
        (200, "client", "num-200-construct word-client-sg"),
        (1200, "task", "num-1000 word-and num-200-construct word-task-sg"),
        (2000, "task", "num-2000-construct word-task-sg"),
        (3000, "task", "num-3 word-thousands word-task-sg"),
    ],
)
def test_count(n: int, noun: str, keys: str) -> None:
    assert say_count(n, noun, LANG) == keys.split()


def test_digits() -> None:
    assert say_digits("1075", LANG) == ["num-1", "num-0", "num-7", "num-5"]


def test_reads_naturally() -> None:
    assert spoken(say_time(datetime.time(10, 5), LANG)) == ("السَّاعَة الْعَاشِرَة وَخَمْس دَقَائِق صَبَاحًا")
    assert spoken(say_duration(125, LANG)) == "سَاعَتَان وَخَمْس دَقَائِق"
    assert spoken(say_count(11, "client", LANG)) == "أَحَدَ عَشَر عَمِيلًا"
    assert spoken(say_count(3, "task", LANG)) == "ثَلَاث مَهَامّ"
