"""Every key any speech function can return exists in that language's catalogue:
every number 0..9999 in every gender, every minute of the day, every reachable key."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from app.calls.speech import LANGUAGES, reachable_keys, say_number, say_time
from app.sounds.catalogue import load_catalogue

SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_exists_in_the_catalogue(lang: str) -> None:
    known = load_catalogue(SOUNDS).keys(lang)
    for n in range(10000):
        for gender in ("m", "f", "n"):
            assert set(say_number(n, lang, gender=gender)) <= known, (n, gender)
    for minute_of_day in range(24 * 60):
        t = datetime.time(*divmod(minute_of_day, 60))
        assert set(say_time(t, lang)) <= known, t
    assert reachable_keys(lang) <= known
