"""Czech speech, checked as the words a Czech listener hears: gender of 1 and 2, the
1 / 2–4 / 5+ noun forms, the 24-hour clock, phone numbers in threes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from app.calls.speech import (
    say_count,
    say_digits,
    say_duration,
    say_number,
    say_phone_number,
    say_time,
)
from app.calls.speech.cs import plural
from app.sounds.catalogue import load_catalogue

LANG = "cs"
SOUNDS = Path(__file__).resolve().parents[3] / "sounds"
CATALOGUE = load_catalogue(SOUNDS)


def spoken(keys: list[str]) -> str:
    """The words, a comma where the pause between groups is."""
    return " ".join("," if key == "pause" else CATALOGUE.text(key, LANG) for key in keys).replace(
        " ,", ","
    )


@pytest.mark.parametrize(
    ("n", "gender", "words"),
    [
        (0, None, "nula"),
        (1, None, "jedna"),  # said alone: the counting form
        (1, "m", "jeden"),
        (1, "f", "jedna"),
        (1, "n", "jedno"),
        (2, None, "dva"),
        (2, "m", "dva"),
        (2, "f", "dvě"),
        (2, "n", "dvě"),
        (11, None, "jedenáct"),
        (14, None, "čtrnáct"),
        (19, None, "devatenáct"),
        (21, "m", "dvacet jedna"),  # compounds keep the invariable jedna
        (22, "f", "dvacet dvě"),
        (22, "m", "dvacet dva"),
        (40, None, "čtyřicet"),
        (99, None, "devadesát devět"),
        (100, None, "sto"),
        (101, None, "sto jedna"),
        (200, None, "dvě stě"),
        (234, None, "dvě stě třicet čtyři"),
        (300, None, "tři sta"),
        (399, None, "tři sta devadesát devět"),
        (500, None, "pět set"),
        (1000, None, "tisíc"),
        (1001, None, "tisíc jedna"),
        (2000, None, "dva tisíce"),
        (4000, None, "čtyři tisíce"),
        (5000, None, "pět tisíc"),
        (1999, None, "tisíc devět set devadesát devět"),
        (2024, None, "dva tisíce dvacet čtyři"),
        (9999, None, "devět tisíc devět set devadesát devět"),
    ],
)
def test_number(n: int, gender: str | None, words: str) -> None:
    assert spoken(say_number(n, LANG, gender=gender)) == words


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"),
     (12, "many"), (14, "many"), (21, "many"), (22, "few"), (25, "many"), (101, "many"),
     (102, "few"), (112, "many")],
)  # fmt: skip
def test_plural_form(n: int, form: str) -> None:
    assert plural(n) == form


@pytest.mark.parametrize(
    ("n", "noun", "case", "words"),
    [
        (1, "minute", "nom", "jedna minuta"),
        (2, "minute", "nom", "dvě minuty"),
        (4, "minute", "nom", "čtyři minuty"),
        (5, "minute", "nom", "pět minut"),
        (0, "minute", "nom", "nula minut"),
        (21, "minute", "nom", "dvacet jedna minut"),
        (22, "minute", "nom", "dvacet dvě minuty"),
        (1, "task", "nom", "jeden úkol"),
        (2, "task", "nom", "dva úkoly"),
        (5, "task", "nom", "pět úkolů"),
        (1, "hour", "nom", "jedna hodina"),
        (3, "hour", "nom", "tři hodiny"),
        (1, "client", "nom", "jeden klient"),
        (2, "client", "nom", "dva klienti"),
        (12, "client", "nom", "dvanáct klientů"),
        # After a verb ("Zadali jste …").
        (1, "minute", "acc", "jednu minutu"),
        (1, "task", "acc", "jeden úkol"),
        (1, "client", "acc", "jednoho klienta"),
        (2, "client", "acc", "dva klienty"),
        (5, "client", "acc", "pět klientů"),
        (2, "task", "acc", "dva úkoly"),
    ],
)
def test_count(n: int, noun: str, case: str, words: str) -> None:
    assert spoken(say_count(n, noun, LANG, case=case)) == words


@pytest.mark.parametrize(
    ("hh", "mm", "words"),
    [
        (0, 0, "nula hodin"),
        (0, 5, "nula hodin pět minut"),
        (1, 1, "jedna hodina jedna minuta"),
        (2, 30, "dvě hodiny třicet minut"),
        (10, 5, "deset hodin pět minut"),
        (12, 0, "dvanáct hodin"),
        (14, 22, "čtrnáct hodin dvacet dvě minuty"),
        (21, 0, "dvacet jedna hodin"),
        (23, 59, "dvacet tři hodiny padesát devět minut"),
    ],
)
def test_time(hh: int, mm: int, words: str) -> None:
    assert spoken(say_time(datetime.time(hh, mm), LANG)) == words


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "nula minut"),
        (1, "jedna minuta"),
        (45, "čtyřicet pět minut"),
        (60, "jedna hodina"),
        (125, "dvě hodiny a pět minut"),
        (301, "pět hodin a jedna minuta"),
    ],
)
def test_duration(minutes: int, words: str) -> None:
    assert spoken(say_duration(minutes, LANG)) == words


def test_digits_are_the_counting_forms() -> None:
    assert spoken(say_digits("1203", LANG)) == "jedna dva nula tři"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        # The seed's access and callback numbers, as a Czech operator reads them.
        ("234234399", "dvě stě třicet čtyři, dvě stě třicet čtyři, tři sta devadesát devět"),
        ("234234390", "dvě stě třicet čtyři, dvě stě třicet čtyři, tři sta devadesát"),
        ("602111222", "šest set dva, sto jedenáct, dvě stě dvacet dva"),
        ("221001099", "dvě stě dvacet jedna, nula nula jedna, nula devadesát devět"),
        ("420602111222", "čtyři sta dvacet, šest set dva, sto jedenáct, dvě stě dvacet dva"),
        ("112", "sto dvanáct"),
        ("1234", "tisíc dvě stě třicet čtyři"),
        ("12345", "sto dvacet tři, čtyřicet pět"),
    ],
)
def test_phone_numbers_in_threes(number: str, words: str) -> None:
    assert spoken(say_phone_number(number, LANG)) == words
