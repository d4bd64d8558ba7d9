"""Mandarin speech: exact prompt keys; 零 placement, 十 vs 一十, 两 vs 二, 幺 in digits."""

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

LANG = "zh"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


def spoken(keys: list[str]) -> str:
    catalogue = load_catalogue(SOUNDS)
    return "".join(catalogue.text(key, LANG) for key in keys)


@pytest.mark.parametrize(
    ("n", "keys"),
    [
        *[(n, f"num-{n}") for n in range(11)],
        (11, "num-10 num-1"),
        (12, "num-10 num-2"),
        (15, "num-10 num-5"),
        (19, "num-10 num-9"),
        (20, "num-2 num-10"),
        (21, "num-2 num-10 num-1"),
        (22, "num-2 num-10 num-2"),
        (99, "num-9 num-10 num-9"),
        (100, "num-1 num-hundred"),
        (101, "num-1 num-hundred num-0 num-1"),
        (110, "num-1 num-hundred num-1 num-10"),
        (115, "num-1 num-hundred num-1 num-10 num-5"),
        (200, "num-2-liang num-hundred"),
        (220, "num-2-liang num-hundred num-2 num-10"),
        (1000, "num-1 num-thousand"),
        (1001, "num-1 num-thousand num-0 num-1"),
        (1010, "num-1 num-thousand num-0 num-1 num-10"),
        (1050, "num-1 num-thousand num-0 num-5 num-10"),
        (1100, "num-1 num-thousand num-1 num-hundred"),
        (1234, "num-1 num-thousand num-2 num-hundred num-3 num-10 num-4"),
        (2000, "num-2-liang num-thousand"),
        (2002, "num-2-liang num-thousand num-0 num-2"),
        (2222, "num-2-liang num-thousand num-2 num-hundred num-2 num-10 num-2"),
        (9999, "num-9 num-thousand num-9 num-hundred num-9 num-10 num-9"),
    ],
)
def test_number(n: int, keys: str) -> None:
    assert say_number(n, LANG) == keys.split()


@pytest.mark.parametrize(
    ("hh", "mm", "keys"),
    [
        (0, 0, "time-small-hours num-0 time-dian time-sharp"),
        (0, 5, "time-small-hours num-0 time-dian num-0 num-5 time-fen"),
        (2, 0, "time-small-hours num-2-liang time-dian time-sharp"),
        (6, 30, "time-am num-6 time-dian time-half"),
        (10, 0, "time-am num-10 time-dian time-sharp"),
        (10, 5, "time-am num-10 time-dian num-0 num-5 time-fen"),
        (10, 10, "time-am num-10 time-dian num-10 time-fen"),
        (10, 15, "time-am num-10 time-dian num-10 num-5 time-fen"),
        (10, 45, "time-am num-10 time-dian num-4 num-10 num-5 time-fen"),
        (12, 0, "time-noon num-10 num-2 time-dian time-sharp"),
        (12, 2, "time-noon num-10 num-2 time-dian num-0 num-2 time-fen"),
        (14, 30, "time-pm num-2-liang time-dian time-half"),
        (17, 59, "time-pm num-5 time-dian num-5 num-10 num-9 time-fen"),
        (18, 0, "time-evening num-6 time-dian time-sharp"),
        (22, 22, "time-evening num-10 time-dian num-2 num-10 num-2 time-fen"),
    ],
)
def test_time(hh: int, mm: int, keys: str) -> None:
    assert say_time(datetime.time(hh, mm), LANG) == keys.split()


@pytest.mark.parametrize(
    ("minutes", "keys"),
    [
        (0, "num-0 word-minute"),
        (1, "num-1 word-minute"),
        (2, "num-2-liang word-minute"),
        (3, "num-3 word-minute"),
        (5, "num-5 word-minute"),
        (11, "num-10 num-1 word-minute"),
        (21, "num-2 num-10 num-1 word-minute"),
        (22, "num-2 num-10 num-2 word-minute"),
        (60, "num-1 measure-ge word-hour"),
        (61, "num-1 measure-ge word-hour num-1 word-minute"),
        (125, "num-2-liang measure-ge word-hour num-5 word-minute"),
    ],
)
def test_duration(minutes: int, keys: str) -> None:
    assert say_duration(minutes, LANG) == keys.split()


@pytest.mark.parametrize(
    ("n", "noun", "keys"),
    [
        (0, "task", "num-0 measure-ge word-task"),
        (1, "task", "num-1 measure-ge word-task"),
        (2, "task", "num-2-liang measure-ge word-task"),
        (12, "task", "num-10 num-2 measure-ge word-task"),
        (22, "task", "num-2 num-10 num-2 measure-ge word-task"),
        (200, "task", "num-2-liang num-hundred measure-ge word-task"),
        (2, "client", "num-2-liang measure-wei word-client"),
        (2, "hour", "num-2-liang measure-ge word-hour"),
        (2, "minute", "num-2-liang word-minute"),
    ],
)
def test_count(n: int, noun: str, keys: str) -> None:
    assert say_count(n, noun, LANG) == keys.split()


def test_digits_say_yao_for_one() -> None:
    assert say_digits("1075", LANG) == ["num-1-yao", "num-0", "num-7", "num-5"]
    assert say_digits("2", LANG) == ["num-2"]


def test_reads_naturally() -> None:
    assert spoken(say_time(datetime.time(10, 5), LANG)) == "上午十点零五分"
    assert spoken(say_time(datetime.time(14, 30), LANG)) == "下午两点半"
    assert spoken(say_number(1050, LANG)) == "一千零五十"
    assert spoken(say_duration(125, LANG)) == "两个小时五分钟"
    assert spoken(say_count(2, "task", LANG)) == "两个任务"
