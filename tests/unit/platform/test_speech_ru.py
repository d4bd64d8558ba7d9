"""Russian speech: exact prompt keys; gender of 1/2, three plural forms, accusative."""

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
from app.calls.speech.ru import plural
from app.sounds.catalogue import load_catalogue

LANG = "ru"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


def spoken(keys: list[str]) -> str:
    catalogue = load_catalogue(SOUNDS)
    return " ".join(catalogue.text(key, LANG) for key in keys)


@pytest.mark.parametrize(
    ("n", "gender", "keys"),
    [
        *[(n, "m", f"num-{n}") for n in range(21)],
        (1, "f", "num-1-f"),
        (1, "n", "num-1-n"),
        (2, "f", "num-2-f"),
        (2, "n", "num-2"),
        (21, "m", "num-20 num-1"),
        (21, "f", "num-20 num-1-f"),
        (22, "f", "num-20 num-2-f"),
        (40, "m", "num-40"),
        (99, "m", "num-90 num-9"),
        (100, "m", "num-100"),
        (101, "m", "num-100 num-1"),
        (111, "m", "num-100 num-11"),
        (200, "m", "num-200"),
        (999, "m", "num-900 num-90 num-9"),
        (1000, "m", "word-thousand-one"),
        (1001, "f", "word-thousand-one num-1-f"),
        (1234, "m", "word-thousand-one num-200 num-30 num-4"),
        (2000, "m", "num-2-f word-thousand-few"),
        (4000, "m", "num-4 word-thousand-few"),
        (5000, "m", "num-5 word-thousand-many"),
        (9999, "m", "num-9 word-thousand-many num-900 num-90 num-9"),
    ],
)
def test_number(n: int, gender: str, keys: str) -> None:
    assert say_number(n, LANG, gender=gender) == keys.split()


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"),
     (14, "many"), (21, "one"), (22, "few"), (25, "many"), (101, "one"), (111, "many"),
     (112, "many"), (122, "few")],
)  # fmt: skip
def test_plural_form(n: int, form: str) -> None:
    assert plural(n) == form


@pytest.mark.parametrize(
    ("hh", "mm", "keys"),
    [
        (0, 0, "num-0 word-hour-many"),
        (0, 1, "num-0 word-hour-many num-1-f word-minute-one"),
        (1, 0, "num-1 word-hour-one"),
        (2, 2, "num-2 word-hour-few num-2-f word-minute-few"),
        (5, 5, "num-5 word-hour-many num-5 word-minute-many"),
        (10, 5, "num-10 word-hour-many num-5 word-minute-many"),
        (10, 15, "num-10 word-hour-many num-15 word-minute-many"),
        (10, 30, "num-10 word-hour-many num-30 word-minute-many"),
        (10, 45, "num-10 word-hour-many num-40 num-5 word-minute-many"),
        (11, 11, "num-11 word-hour-many num-11 word-minute-many"),
        (12, 0, "num-12 word-hour-many"),
        (21, 21, "num-20 num-1 word-hour-one num-20 num-1-f word-minute-one"),
        (22, 22, "num-20 num-2 word-hour-few num-20 num-2-f word-minute-few"),
        (23, 59, "num-20 num-3 word-hour-few num-50 num-9 word-minute-many"),
    ],
)
def test_time(hh: int, mm: int, keys: str) -> None:
    assert say_time(datetime.time(hh, mm), LANG) == keys.split()


@pytest.mark.parametrize(
    ("minutes", "keys"),
    [
        (0, "num-0 word-minute-many"),
        (1, "num-1-f word-minute-one"),
        (2, "num-2-f word-minute-few"),
        (3, "num-3 word-minute-few"),
        (5, "num-5 word-minute-many"),
        (11, "num-11 word-minute-many"),
        (21, "num-20 num-1-f word-minute-one"),
        (60, "num-1 word-hour-one"),
        (61, "num-1 word-hour-one num-1-f word-minute-one"),
        (125, "num-2 word-hour-few num-5 word-minute-many"),
    ],
)
def test_duration(minutes: int, keys: str) -> None:
    assert say_duration(minutes, LANG) == keys.split()


@pytest.mark.parametrize(
    ("n", "noun", "case", "keys"),
    [
        (0, "task", "nom", "num-0 word-task-many"),
        (1, "task", "nom", "num-1-f word-task-one"),
        (2, "task", "nom", "num-2-f word-task-few"),
        (5, "task", "nom", "num-5 word-task-many"),
        (12, "task", "nom", "num-12 word-task-many"),
        (21, "task", "nom", "num-20 num-1-f word-task-one"),
        (22, "task", "nom", "num-20 num-2-f word-task-few"),
        (1, "client", "nom", "num-1 word-client-one"),
        (3, "hour", "nom", "num-3 word-hour-few"),
        (1, "task", "acc", "num-1-f-acc word-task-one-acc"),
        (21, "task", "acc", "num-20 num-1-f-acc word-task-one-acc"),
        (2, "task", "acc", "num-2-f word-task-few"),
        (1000, "task", "acc", "word-thousand-acc word-task-many"),
        (1, "minute", "acc", "num-1-f-acc word-minute-one-acc"),
        (1, "hour", "acc", "num-1 word-hour-one"),
        (1, "client", "acc", "num-1-acc-anim word-client-few"),
        (2, "client", "acc", "num-2-acc-anim word-client-many"),
        (4, "client", "acc", "num-4-acc-anim word-client-many"),
        (5, "client", "acc", "num-5 word-client-many"),
        (21, "client", "acc", "num-20 num-1-acc-anim word-client-few"),
        (22, "client", "acc", "num-20 num-2 word-client-few"),
    ],
)
def test_count(n: int, noun: str, case: str, keys: str) -> None:
    assert say_count(n, noun, LANG, case=case) == keys.split()


def test_digits() -> None:
    assert say_digits("1075", LANG) == ["num-1", "num-0", "num-7", "num-5"]


def test_reads_naturally() -> None:
    assert spoken(say_time(datetime.time(10, 5), LANG)) == "десять часов пять минут"
    assert spoken(say_duration(21, LANG)) == "двадцать одна минута"
    assert spoken(say_duration(125, LANG)) == "два часа пять минут"
    assert spoken(say_count(1, "task", LANG, case="acc")) == "одну задачу"
    assert spoken(say_count(2, "client", LANG, case="acc")) == "двух клиентов"
