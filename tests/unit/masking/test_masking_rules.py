"""Masked calling rules (seed 001), as tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.calls.digits import digits_of
from app.systems.masking.rules import (
    DestinationRules,
    Limits,
    NotOwned,
    Pairing,
    PendingCallback,
    Refusal,
    check_destination,
    check_limits,
    choose_callback,
    choose_pairing,
    ensure_owned,
    missed_call_sms,
    next_order_number,
    open_callbacks,
    pairing_prompt,
)

ONE = [Pairing(1, 1, "234234301")]
TWO = [Pairing(2, 1, "234234302"), Pairing(2, 2, "234234303")]


@pytest.mark.parametrize(
    ("pairings", "prompt"),
    [([], None), (ONE, "masking-enter-destination"), (TWO, "masking-enter-id")],
)
def test_first_question_depends_on_how_many_numbers_are_paired(
    pairings: list[Pairing], prompt: str | None
) -> None:
    assert pairing_prompt(pairings) == prompt


@pytest.mark.parametrize(
    ("entry", "number"),
    [
        ("1", "234234302"),
        ("2", "234234303"),
        ("02", "234234303"),
        ("3", None),
        ("0", None),
        ("00", None),
        ("", None),
        ("1*", None),
    ],
)
def test_choose_pairing_by_ordinal(entry: str, number: str | None) -> None:
    chosen = choose_pairing(TWO, entry)
    assert (chosen.number if chosen else None) == number


RULES = DestinationRules()


@pytest.mark.parametrize(
    ("entry", "refusal"),
    [
        ("221234567", None),
        ("602123456", None),
        ("800123456", None),
        ("112", Refusal.EMERGENCY),
        ("155", Refusal.EMERGENCY),
        ("911", Refusal.EMERGENCY),
        ("906123456", Refusal.PREMIUM),
        ("900111222", Refusal.PREMIUM),
        ("90612", Refusal.PREMIUM),
        ("22123456", Refusal.INVALID),
        ("2212345678", Refusal.INVALID),
        ("", Refusal.INVALID),
        ("12345678*", Refusal.INVALID),
        ("123456789", Refusal.NOT_ALLOWED),
        ("012345678", Refusal.NOT_ALLOWED),
    ],
)
def test_destinations(entry: str, refusal: Refusal | None) -> None:
    assert check_destination(entry, RULES) == refusal


def test_destination_rules_are_configurable() -> None:
    rules = DestinationRules(allowed_prefixes=("00",), min_digits=8, max_digits=15)
    assert check_destination("0044201234567", rules) is None
    assert check_destination("221234567", rules) is Refusal.NOT_ALLOWED
    assert check_destination("112", rules) is Refusal.EMERGENCY


@pytest.mark.parametrize(
    ("number", "pool", "owned"),
    [
        ("234234301", {"234234301"}, True),
        ("602111222", {"234234301"}, False),
        ("", {""}, False),
        ("234234301", set(), False),
    ],
)
def test_only_owned_numbers_can_be_presented(number: str, pool: set[str], owned: bool) -> None:
    if owned:
        assert ensure_owned(number, pool) == number
    else:
        with pytest.raises(NotOwned):
            ensure_owned(number, pool)


@pytest.mark.parametrize(("used", "expected"), [([], 1), ([1], 2), ([3, 1], 4), ([2], 3)])
def test_order_numbers_are_never_reused(used: list[int], expected: int) -> None:
    assert next_order_number(used) == expected


@pytest.mark.parametrize(
    ("active", "recent", "refusal"),
    [(0, 0, None), (1, 0, Refusal.TOO_MANY_CALLS), (0, 19, None), (0, 20, Refusal.RATE_LIMITED)],
)
def test_limits(active: int, recent: int, refusal: Refusal | None) -> None:
    assert (
        check_limits(active, recent, Limits(max_concurrent_calls=1, max_calls_per_window=20))
        == refusal
    )


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def callback(order: int, minutes_ago: int, expires_in: int) -> PendingCallback:
    return PendingCallback(
        id=order,
        shopper_id=1,
        order_number=order,
        caller_number=f"22100000{order}",
        fictitious_number="234234301",
        missed_at=NOW - timedelta(minutes=minutes_ago),
        expires_at=NOW + timedelta(minutes=expires_in),
    )


def test_open_callbacks_drop_expired_and_sort_oldest_first() -> None:
    found = open_callbacks([callback(3, 5, 10), callback(1, 50, -1), callback(2, 30, 10)], NOW)
    assert [c.order_number for c in found] == [2, 3]
    assert choose_callback(found, "3") == found[1]
    assert choose_callback(found, "1") is None
    assert choose_callback(found, "x") is None


@pytest.mark.parametrize(("raw", "digits"), [("+420 602 111 222", "420602111222"), (None, "")])
def test_digits_of(raw: str | None, digits: str) -> None:
    assert digits_of(raw) == digits


def test_sms_names_caller_time_order_and_callback_number() -> None:
    text = missed_call_sms("221234567", datetime(2026, 11, 22, 13, 5), 4, "234234390")
    assert "221234567" in text and "13:05" in text and "order number 4" in text
    assert "234234390" in text
