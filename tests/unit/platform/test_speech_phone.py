"""Phone numbers in every language: in the groups its speakers use, a pause between groups,
never one breath of digits."""

from __future__ import annotations

import pytest

from app.calls.speech import LANGUAGES, say_phone_number
from app.calls.speech.base import PAUSE, north_american, threes


def groups(keys: list[str]) -> list[list[str]]:
    cut: list[list[str]] = [[]]
    for key in keys:
        if key == PAUSE:
            cut.append([])
        else:
            cut[-1].append(key)
    return cut


@pytest.mark.parametrize(
    ("length", "sizes"),
    [(0, []), (1, [1]), (4, [4]), (5, [3, 2]), (7, [3, 4]), (8, [3, 3, 2]), (9, [3, 3, 3]),
     (10, [3, 3, 4]), (13, [3, 3, 3, 4])],
)  # fmt: skip
def test_threes_never_leave_a_lone_digit(length: int, sizes: list[int]) -> None:
    assert threes(length) == sizes


def test_north_american_groups() -> None:
    assert north_american("8005550100") == [3, 3, 4]
    assert north_american("18005550100") == [1, 3, 3, 4]
    assert north_american("5550100") == [3, 4]


def test_us_number_in_english_is_3_3_4_digit_by_digit() -> None:
    keys = say_phone_number("8005550100", "en")
    assert groups(keys) == [
        ["num-8", "num-0", "num-0"],
        ["num-5", "num-5", "num-5"],
        ["num-0", "num-1", "num-0", "num-0"],
    ]


def test_chinese_mobile_is_3_4_4_with_yao() -> None:
    keys = say_phone_number("13800138000", "zh")
    assert [len(g) for g in groups(keys)] == [3, 4, 4]
    assert keys[0] == "num-1-yao"


def test_russian_mobile_is_3_3_2_2_as_numbers() -> None:
    keys = say_phone_number("9161234567", "ru")
    assert groups(keys) == [
        ["num-900", "num-16"],
        ["num-100", "num-20", "num-3"],
        ["num-40", "num-5"],
        ["num-60", "num-7"],
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", ["234234399", "8005550100", "13800138000", "0", "007"])
def test_every_language_pauses_between_groups_only(lang: str, number: str) -> None:
    keys = say_phone_number(number, lang)
    assert keys and keys[0] != PAUSE and keys[-1] != PAUSE
    assert all(groups(keys)), "two pauses in a row"
    if len(number) >= 9:
        assert keys.count(PAUSE) >= 2, "read in one breath"


@pytest.mark.parametrize("number", ["", "23 42", "+420", "١٢٣"])
def test_a_phone_number_is_digits(number: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        say_phone_number(number, "cs")
