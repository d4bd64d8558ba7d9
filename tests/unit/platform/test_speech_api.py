"""The public speech API: input checks and language dispatch."""

from __future__ import annotations

import datetime

import pytest

from app.calls.speech import (
    LANGUAGES,
    say_count,
    say_digits,
    say_duration,
    say_number,
    say_time,
)


def test_languages() -> None:
    # The EVV menu's six first, in seed 000's order, then Czech and Hungarian.
    assert LANGUAGES == ("en", "es", "ru", "so", "zh", "ar", "cs", "hu")


@pytest.mark.parametrize("n", [-1, 10000])
def test_number_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        say_number(n, "en")


@pytest.mark.parametrize("lang", ["fr", "EN", ""])
def test_unknown_language(lang: str) -> None:
    with pytest.raises(ValueError, match="no speech rules"):
        say_number(1, lang)


def test_bad_gender_noun_and_case() -> None:
    with pytest.raises(ValueError, match="gender"):
        say_number(1, "ru", gender="x")
    with pytest.raises(ValueError, match="noun"):
        say_count(1, "tasks", "en")
    with pytest.raises(ValueError, match="case"):
        say_count(1, "task", "ru", case="gen")


@pytest.mark.parametrize("digits", ["12a", "1 2", "", "١٢", "#"])
def test_digits_must_be_ascii_digits(digits: str) -> None:
    with pytest.raises(ValueError, match="digit"):
        say_digits(digits, "en")


def test_negative_duration() -> None:
    with pytest.raises(ValueError):
        say_duration(-1, "en")


def test_long_duration_counts_hours() -> None:
    assert say_duration(9999 * 60 + 59, "en")[-1] == "word-minute-other"


def test_seconds_are_dropped() -> None:
    assert say_time(datetime.time(10, 5, 59), "en") == say_time(datetime.time(10, 5), "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_results_are_fresh_lists(lang: str) -> None:
    first = say_number(7, lang)
    first.append("mutated")
    assert say_number(7, lang) != first
