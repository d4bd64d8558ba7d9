"""The EVV line's languages come from its settings (SWITCHBOARD_EVV_LANGUAGES), not code:
the menu offers them in the configured order; one language asks nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.calls.call import CallEnded
from app.calls.languages import LineLanguages
from app.systems.evv.flows.line import EvvLine
from app.systems.evv.settings import EVV_LANGUAGES, load_evv
from tests.harness.evv_store import MemoryEvvStore
from tests.harness.fake_call import HANGUP, FakeCall

NOON_UTC = datetime(2026, 11, 22, 17, 5, tzinfo=UTC)


def line(store: MemoryEvvStore, *offered: str) -> EvvLine:
    return EvvLine(store, lambda: NOON_UTC, LineLanguages(offered))


def test_the_default_is_seed_000s_six_language_menu() -> None:
    assert load_evv({}).languages.offered == EVV_LANGUAGES == ("en", "es", "ru", "so", "zh", "ar")


async def test_a_configured_menu_offers_its_languages_in_its_order() -> None:
    store = MemoryEvvStore()
    call = FakeCall(["2", "1234", "2", "1", "1001", HANGUP])
    with pytest.raises(CallEnded):
        await line(store, "ru", "en")(call)
    assert call.played[:2] == ["ru/language-option", "en/language-option"]
    assert call.language == "en"  # key 2 is the second offered
    assert [c.client_id for c in store.call_ins] == [1001]


async def test_a_key_beyond_the_offered_languages_is_not_valid() -> None:
    store = MemoryEvvStore()
    call = FakeCall(["3", "1", "1234", "2", "1", "1001", HANGUP])
    with pytest.raises(CallEnded):
        await line(store, "es", "en")(call)
    assert "es/evv-invalid-choice" in call.played and "en/evv-invalid-choice" in call.played
    assert call.language == "es"


async def test_one_language_asks_no_menu() -> None:
    store = MemoryEvvStore()
    call = FakeCall(["1234", "2", "1", "1001", HANGUP])
    with pytest.raises(CallEnded):
        await line(store, "es")(call)
    assert "language-option" not in call.prompt_keys()
    assert call.played[0] == "es/evv-welcome"
    assert [c.client_id for c in store.call_ins] == [1001]


@pytest.mark.parametrize(
    ("value", "message"),
    [("en,fr", "unknown languages"), ("en,en", "twice"), ("en,es,ru,so,zh,ar,cs,hu,en,es", "nine")],
)
def test_a_bad_setting_names_itself(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"SWITCHBOARD_EVV_LANGUAGES.*{message}"):
        load_evv({"SWITCHBOARD_EVV_LANGUAGES": value})


def test_spaces_and_empty_items_are_ignored() -> None:
    assert load_evv({"SWITCHBOARD_EVV_LANGUAGES": " en , es ,"}).languages.offered == ("en", "es")
    assert load_evv({"SWITCHBOARD_EVV_LANGUAGES": ""}).languages.offered == EVV_LANGUAGES


def test_line_languages_pick_the_preferred_when_offered() -> None:
    languages = LineLanguages(("cs", "en"))
    assert (languages.pick("en"), languages.pick("ru"), languages.pick(None)) == ("en", "cs", "cs")
    assert languages.menu_keys == "12"
    with pytest.raises(ValueError):
        LineLanguages(())
