"""The prompt catalogue: format rules, and completeness of the real one in sounds/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.calls.dialogs import EntryKind
from app.calls.speech import reachable_keys
from app.sounds.catalogue import (
    LANGUAGES,
    NUMBERS_GROUP,
    Catalogue,
    CatalogueError,
    load_catalogue,
    missing,
)

SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


@pytest.fixture(scope="module")
def real() -> Catalogue:
    return load_catalogue(SOUNDS)


def write(root: Path, lang: str, group: str, body: str) -> None:
    folder = root / "catalogue" / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{group}.toml").write_text(body, encoding="utf-8")


def test_real_catalogue_has_every_language(real: Catalogue) -> None:
    assert real.languages == LANGUAGES


def test_real_catalogue_misses_nothing(real: Catalogue) -> None:
    assert missing(real) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_without_an_english_original(real: Catalogue, lang: str) -> None:
    def shared(lang: str, groups: set[str]) -> set[str]:
        keys = real.keys(lang)
        return {
            key
            for key in keys
            if (group := real.prompt(key, lang).group) != NUMBERS_GROUP and group in groups
        }

    # A group ships in the languages its system speaks (the hotel: zh and en only).
    groups = {real.prompt(key, lang).group for key in real.keys(lang)}
    assert shared(lang, groups) == shared("en", groups)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_number_word_is_used_by_the_speech_code(real: Catalogue, lang: str) -> None:
    numbers = {key for key in real.keys(lang) if real.prompt(key, lang).group == NUMBERS_GROUP}
    assert numbers - reachable_keys(lang) == set()


@pytest.mark.parametrize(
    ("lang", "digit_word"),
    [("en", "1"), ("es", "dos"), ("ru", "три"), ("so", "afar"), ("zh", "五"), ("ar", "سِتَّة")],
)
def test_language_option_names_its_own_key(real: Catalogue, lang: str, digit_word: str) -> None:
    assert digit_word in real.text("language-option", lang)


def test_load_merges_groups_and_reads_fields(tmp_path: Path) -> None:
    write(tmp_path, "en", "evv", '[hello]\ntext = "Hello."\n')
    write(tmp_path, "en", "numbers", '[num-1]\ntext = "one"\nsource = "recorded"\n')
    write(tmp_path, "es", "evv", '[hello]\ntext = "Hola."\n')
    catalogue = load_catalogue(tmp_path)
    assert catalogue.languages == ("en", "es")
    assert catalogue.keys("en") == {"hello", "num-1"}
    assert catalogue.text("hello", "es") == "Hola."
    assert catalogue.is_recorded("num-1", "en")
    assert not catalogue.is_recorded("hello", "en")
    assert catalogue.prompt("num-1", "en").group == "numbers"
    assert load_catalogue(tmp_path / "catalogue").keys("es") == {"hello"}  # either root works
    with pytest.raises(KeyError):
        catalogue.text("hello", "ru")


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('[Hello]\ntext = "x"\n', "lowercase"),
        ('[hello_there]\ntext = "x"\n', "lowercase"),
        ('[hello]\ntext = ""\n', "non-empty"),
        ("[hello]\ntext = 5\n", "non-empty"),
        ('[hello]\ntext = "x"\nvoice = "en"\n', "unknown fields"),
        ('[hello]\ntext = "x"\nsource = "synthesized"\n', "recorded"),
        ('hello = "x"\n', "table"),
        ("[hello\n", "evv.toml"),
    ],
)
def test_format_errors(tmp_path: Path, body: str, complaint: str) -> None:
    write(tmp_path, "en", "evv", body)
    with pytest.raises(CatalogueError, match=complaint):
        load_catalogue(tmp_path)


def test_a_key_twice_in_one_language_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "en", "evv", '[hello]\ntext = "Hello."\n')
    write(tmp_path, "en", "hotel", '[hello]\ntext = "Hello again."\n')
    with pytest.raises(CatalogueError, match=r"already defined in evv\.toml"):
        load_catalogue(tmp_path)


def test_the_same_key_in_two_languages_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "en", "evv", '[hello]\ntext = "Hello."\n')
    write(tmp_path, "ru", "evv", '[hello]\ntext = "Здравствуйте."\n')
    assert load_catalogue(tmp_path).keys("ru") == {"hello"}


def test_unknown_language_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "fr", "evv", '[hello]\ntext = "Bonjour."\n')
    with pytest.raises(CatalogueError, match="unknown language"):
        load_catalogue(tmp_path)


def test_missing_reports_untranslated_prompts_and_speech_keys(tmp_path: Path) -> None:
    write(tmp_path, "en", "evv", '[hello]\ntext = "Hello."\n[bye]\ntext = "Bye."\n')
    write(tmp_path, "en", "numbers", '[num-0]\ntext = "zero"\n')
    write(tmp_path, "es", "evv", '[hello]\ntext = "Hola."\n')
    gaps = missing(load_catalogue(tmp_path))
    assert ("es", "bye") in gaps
    assert ("es", "hello") not in gaps
    assert ("en", "num-0") not in gaps
    assert ("en", "num-1") in gaps  # the speech code needs it
    assert ("es", "num-0") in gaps  # numbers are per language, checked against speech
    assert ("ru", "hello") in gaps  # a language with no folder at all misses everything


def test_a_group_is_complete_in_the_languages_that_ship_it(tmp_path: Path) -> None:
    write(tmp_path, "en", "evv", '[hello]\ntext = "Hello."\n')
    write(tmp_path, "en", "hotel", '[room]\ntext = "Room."\n[desk]\ntext = "Desk."\n')
    write(tmp_path, "zh", "hotel", '[room]\ntext = "房间"\n')
    write(tmp_path, "zh", "evv", '[hello]\ntext = "你好"\n')
    write(tmp_path, "es", "evv", '[hello]\ntext = "Hola."\n')
    gaps = missing(load_catalogue(tmp_path))
    assert ("zh", "desk") in gaps
    assert ("es", "room") not in gaps  # Spanish has no hotel: the hotel speaks zh and en


def test_every_prompt_a_flow_names_is_in_the_catalogue(real: Catalogue) -> None:
    # Prompt keys are plain strings in the flows: a typo or a prompt never written would
    # only show as silence on a call.
    not_prompts = {kind.value for kind in EntryKind}
    root = SOUNDS.parent / "app"
    named: set[str] = set()
    for source in [*(root / "flows").glob("*.py"), root / "telephony" / "router.py"]:
        if source.name == "call.py":  # DialStatus values, not prompts
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            literal = node.value if isinstance(node, ast.Constant) else None
            if isinstance(literal, str) and re.fullmatch(r"[a-z]+(-[a-z]+)+", literal):
                named.add(literal)
    for lang in LANGUAGES:
        assert named - not_prompts - real.keys(lang) == set(), lang


def test_the_platform_apology_claims_nothing_about_saved_entries(real: Catalogue) -> None:
    # Heard by shoppers and by callers who entered nothing: the EVV line says it separately.
    assert "saved" not in real.prompt("technical-difficulty", "en").text
    assert "saved" in real.prompt("evv-entries-saved", "en").text
