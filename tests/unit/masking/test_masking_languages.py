"""Masked calling's languages: Czech first (seed 001), English for those who prefer it;
the missed-call SMS in the shopper's language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.systems.masking.rules import DEFAULT_SHOPPER_LANGUAGE, missed_call_sms
from app.systems.masking.settings import load_masking

AT = datetime(2026, 12, 2, 14, 5, tzinfo=ZoneInfo("Europe/Prague"))


def test_the_line_speaks_czech_first_then_english() -> None:
    assert load_masking({}).languages.offered == ("cs", "en")
    assert DEFAULT_SHOPPER_LANGUAGE == "cs"
    languages = load_masking({"SWITCHBOARD_MASKING_LANGUAGES": "en"}).languages
    assert (languages.default, languages.offered) == ("en", ("en",))


def test_a_bad_language_setting_names_itself() -> None:
    with pytest.raises(ValueError, match="SWITCHBOARD_MASKING_LANGUAGES: unknown"):
        load_masking({"SWITCHBOARD_MASKING_LANGUAGES": "cs,xx"})


def test_czech_sms_in_the_seeds_words() -> None:
    text = missed_call_sms("221555001", AT, 3, "234234390", "cs")
    assert text == (
        "Máte nevyřízený hovor z čísla 221555001 (2. 12. 2026 v 14:05). "
        "Zpět volejte na 234234390, pořadové číslo 3."
    )


def test_english_sms() -> None:
    text = missed_call_sms("221555001", AT, 3, "234234390", "en")
    assert text == (
        "Missed call from 221555001 at 2026-12-02 14:05. "
        "Call 234234390 to return it; order number 3."
    )


def test_a_language_without_an_sms_text_gets_english() -> None:
    assert missed_call_sms("221555001", AT, 3, "234234390", "hu").startswith("Missed call")
