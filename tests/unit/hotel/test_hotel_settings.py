"""The hotel's settings from the environment: defaults, lists, and refusals."""

from __future__ import annotations

import pytest

from app.systems.hotel.settings import HotelSettings, load_hotel


def test_defaults() -> None:
    hotel = load_hotel({})
    assert hotel == HotelSettings()
    assert (hotel.main_number, hotel.emergency_numbers, hotel.outside_prefix) == (
        "2150550200",
        ("112", "911"),
        "9",
    )
    assert hotel.pms == "none" and not hotel.fias_enabled


def test_overrides() -> None:
    hotel = load_hotel(
        {
            "SWITCHBOARD_HOTEL_EMERGENCY": "110, 119,120",
            "SWITCHBOARD_HOTEL_OPERATORS": "3001",
            "SWITCHBOARD_HOTEL_LANGUAGE": "en",
            "SWITCHBOARD_HOTEL_PMS": "fias",
            "SWITCHBOARD_HOTEL_FIAS_PORT": "6000",
            "SWITCHBOARD_HOTEL_WAKEUP_RETRIES": "4",
        }
    )
    assert hotel.emergency_numbers == ("110", "119", "120")
    assert hotel.operator_extensions == ("3001",)
    assert (hotel.default_language, hotel.fias_port, hotel.wakeup_retries) == ("en", 6000, 4)
    assert hotel.fias_enabled


@pytest.mark.parametrize(
    ("name", "value"),
    [("SWITCHBOARD_HOTEL_PMS", "opera"), ("SWITCHBOARD_HOTEL_LANGUAGE", "fr")],
)
def test_refusals_name_the_setting(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        load_hotel({name: value})
