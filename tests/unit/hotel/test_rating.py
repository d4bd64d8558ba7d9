"""Rating (seed 002's charges): longest prefix, started minutes, minimum, surcharges,
collect and person-to-person, and what an empty tariff table does."""

from __future__ import annotations

import pytest

from app.systems.hotel.rules.rating import Tariff, rate_call, started_minutes, tariff_for
from app.systems.hotel.rules.stay import CallType

TARIFFS = (
    Tariff("00", "International", 800, 800, 1000, 2000),
    Tariff("001", "USA / Canada", 600, 900, 1000, 2000),
    Tariff("0044", "United Kingdom", 700, 700, 1000, 2000),
    Tariff("0", "National", 100, 100, 300, 500),
    Tariff("010", "Beijing", 80, 0, 300, 500),
)


@pytest.mark.parametrize(
    ("number", "prefix"),
    [
        ("0012125551234", "001"),
        ("00441234567890", "0044"),
        ("00861012345678", "00"),
        ("01012345678", "010"),
        ("02012345678", "0"),
        ("62345678", None),
    ],
)
def test_the_longest_prefix_wins(number: str, prefix: str | None) -> None:
    found = tariff_for(number, TARIFFS)
    assert (found.prefix if found else None) == prefix


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(0, 0), (-3, 0), (0.4, 1), (1, 1), (59, 1), (60, 1), (60.2, 2), (61, 2), (120, 2), (121, 3)],
)
def test_every_started_minute_counts(seconds: float, minutes: int) -> None:
    assert started_minutes(seconds) == minutes


@pytest.mark.parametrize(
    ("number", "seconds", "call_type", "reached", "amount", "minutes"),
    [
        # 3 started minutes x 6.00 = 18.00, over the 9.00 minimum
        ("0012125551234", 125, CallType.DIRECT, True, 1800, 3),
        # one minute at 6.00 is under the 9.00 minimum
        ("0012125551234", 30, CallType.DIRECT, True, 900, 1),
        # IDD through the operator adds its surcharge
        ("0012125551234", 125, CallType.IDD, True, 1800 + 1000, 3),
        ("00441234567890", 61, CallType.PERSON_TO_PERSON, True, 1400 + 2000, 2),
        # person-to-person: nothing when the person was not there
        ("00441234567890", 61, CallType.PERSON_TO_PERSON, False, 0, 0),
        # collect is charged to the called party, never the room
        ("00441234567890", 600, CallType.COLLECT, True, 0, 10),
        # never connected
        ("00441234567890", 0, CallType.IDD, True, 0, 0),
        # a zero minimum: per minute only
        ("01012345678", 10, CallType.DIRECT, True, 80, 1),
    ],
)
def test_charges(
    number: str, seconds: int, call_type: CallType, reached: bool, amount: int, minutes: int
) -> None:
    charge = rate_call(number, seconds, call_type, TARIFFS, person_reached=reached)
    assert (charge.amount, charge.minutes) == (amount, minutes)
    assert not charge.unrated


def test_no_tariff_never_blocks_and_is_unrated_not_free() -> None:
    for tariffs in ((), TARIFFS):
        charge = rate_call("62345678", 90, CallType.DIRECT, tariffs)
        assert charge.unrated and charge.amount == 0 and charge.minutes == 2
        assert "no tariff for 62345678" in charge.reason
    # ... but a collect call or an unconnected one is not "unrated": it costs nothing.
    assert not rate_call("62345678", 90, CallType.COLLECT, ()).unrated
    assert not rate_call("62345678", 0, CallType.DIRECT, ()).unrated
