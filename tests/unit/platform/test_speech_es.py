"""Spanish speech: exact prompt keys; uno/un/una and cien/ciento are the traps."""

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

LANG = "es"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


def spoken(keys: list[str]) -> str:
    catalogue = load_catalogue(SOUNDS)
    return " ".join(catalogue.text(key, LANG) for key in keys)


@pytest.mark.parametrize(
    ("n", "gender", "keys"),
    [
        *[(n, "m", f"num-{n}") for n in range(30)],
        (1, "f", "num-1-f"),
        (2, "f", "num-2"),
        (21, "f", "num-21-f"),
        (30, "m", "num-30"),
        (31, "m", "num-30 word-and num-1"),
        (31, "f", "num-30 word-and num-1-f"),
        (45, "m", "num-40 word-and num-5"),
        (99, "m", "num-90 word-and num-9"),
        (100, "m", "num-100"),
        (100, "f", "num-100"),
        (101, "m", "num-100-plus num-1"),
        (115, "m", "num-100-plus num-15"),
        (121, "f", "num-100-plus num-21-f"),
        (200, "m", "num-200"),
        (200, "f", "num-200-f"),
        (500, "m", "num-500"),
        (999, "m", "num-900 num-90 word-and num-9"),
        (1000, "m", "num-thousand"),
        (1001, "m", "num-thousand num-1"),
        (1100, "m", "num-thousand num-100"),
        (1234, "m", "num-thousand num-200 num-30 word-and num-4"),
        (2000, "m", "num-2 num-thousand"),
        (2500, "f", "num-2 num-thousand num-500-f"),
        (9999, "m", "num-9 num-thousand num-900 num-90 word-and num-9"),
    ],
)
def test_number(n: int, gender: str, keys: str) -> None:
    assert say_number(n, LANG, gender=gender) == keys.split()


@pytest.mark.parametrize(
    ("hh", "mm", "keys"),
    [
        (0, 0, "time-las num-12 time-sharp time-night"),
        (0, 5, "time-las num-12 word-and num-5 time-night"),
        (1, 0, "time-la num-1-f time-sharp time-dawn"),
        (1, 30, "time-la num-1-f word-and time-half time-dawn"),
        (5, 45, "time-las num-5 word-and num-40 word-and num-5 time-dawn"),
        (6, 1, "time-las num-6 word-and num-1 time-morning"),
        (10, 0, "time-las num-10 time-sharp time-morning"),
        (10, 5, "time-las num-10 word-and num-5 time-morning"),
        (10, 15, "time-las num-10 word-and time-quarter time-morning"),
        (10, 21, "time-las num-10 word-and num-21 time-morning"),
        (10, 30, "time-las num-10 word-and time-half time-morning"),
        (10, 45, "time-las num-10 word-and num-40 word-and num-5 time-morning"),
        (12, 0, "time-las num-12 time-sharp time-noon"),
        (12, 30, "time-las num-12 word-and time-half time-noon"),
        (13, 0, "time-la num-1-f time-sharp time-afternoon"),
        (19, 59, "time-las num-7 word-and num-50 word-and num-9 time-afternoon"),
        (20, 0, "time-las num-8 time-sharp time-night"),
        (23, 15, "time-las num-11 word-and time-quarter time-night"),
    ],
)
def test_time(hh: int, mm: int, keys: str) -> None:
    assert say_time(datetime.time(hh, mm), LANG) == keys.split()


@pytest.mark.parametrize(
    ("minutes", "keys"),
    [
        (0, "num-0 word-minute-other"),
        (1, "num-1-apoc word-minute-one"),
        (2, "num-2 word-minute-other"),
        (3, "num-3 word-minute-other"),
        (5, "num-5 word-minute-other"),
        (11, "num-11 word-minute-other"),
        (21, "num-21-apoc word-minute-other"),
        (31, "num-30 word-and num-1-apoc word-minute-other"),
        (60, "num-1-f word-hour-one"),
        (61, "num-1-f word-hour-one word-and num-1-apoc word-minute-one"),
        (125, "num-2 word-hour-other word-and num-5 word-minute-other"),
        (1260, "num-21-f word-hour-other"),
    ],
)
def test_duration(minutes: int, keys: str) -> None:
    assert say_duration(minutes, LANG) == keys.split()


@pytest.mark.parametrize(
    ("n", "noun", "keys"),
    [
        (0, "task", "num-0 word-task-other"),
        (1, "task", "num-1-f word-task-one"),
        (2, "task", "num-2 word-task-other"),
        (21, "task", "num-21-f word-task-other"),
        (200, "task", "num-200-f word-task-other"),
        (1, "client", "num-1-apoc word-client-one"),
        (31, "client", "num-30 word-and num-1-apoc word-client-other"),
        (101, "client", "num-100-plus num-1-apoc word-client-other"),
        (1, "hour", "num-1-f word-hour-one"),
        (5, "minute", "num-5 word-minute-other"),
    ],
)
def test_count(n: int, noun: str, keys: str) -> None:
    assert say_count(n, noun, LANG) == keys.split()


def test_digits() -> None:
    assert say_digits("1075", LANG) == ["num-1", "num-0", "num-7", "num-5"]


def test_reads_naturally() -> None:
    assert spoken(say_time(datetime.time(10, 5), LANG)) == "las diez y cinco de la mañana"
    assert spoken(say_time(datetime.time(13, 30), LANG)) == "la una y media de la tarde"
    assert spoken(say_duration(61, LANG)) == "una hora y un minuto"
    assert spoken(say_count(21, "task", LANG)) == "veintiuna tareas"
