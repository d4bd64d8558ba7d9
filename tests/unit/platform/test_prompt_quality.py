"""Prompt quality, every language: each line's prompts in every language it offers, no
prompt rendered empty or silent (but the declared pauses), no English left in another
language's text, the voice of every file in the manifest, the Somali respelling kept."""

from __future__ import annotations

import json
import re
import wave
from array import array
from pathlib import Path

import pytest

from app.calls.speech import LANGUAGES
from app.sounds.catalogue import (
    SOURCE_LANGUAGE,
    Catalogue,
    check_line,
    load_catalogue,
)
from app.sounds.render import VOICES, _somali_for_oromo, synthesis_input
from app.systems.evv.settings import load_evv
from app.systems.masking.settings import load_masking

SOUNDS = Path(__file__).resolve().parents[3] / "sounds"
# Quieter than this (RMS of 16-bit samples) is silence: espeak-ng speech normalized to
# -3 dBFS is in the thousands.
SILENT_RMS = 100
# Words that are the same in English and another language, where that is right.
# Words that are English and also that language's own: es "once" (11), so "day" (isku day:
# try), cs "set" (pět set: 500).
SHARED_WORDS = {"es": {"total", "once"}, "so": {"day"}, "cs": {"set"}}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(SOUNDS)


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict[str, dict[str, str]]]:
    prompts: dict[str, dict[str, dict[str, str]]] = json.loads(
        (SOUNDS / "manifest.json").read_text()
    )["prompts"]
    return prompts


def test_each_line_has_its_prompts_in_every_language_it_offers(catalogue: Catalogue) -> None:
    evv, masking = load_evv({}).languages, load_masking({}).languages
    assert evv.offered == ("en", "es", "ru", "so", "zh", "ar")  # the six-language menu
    assert masking.offered == ("cs", "en") and masking.default == "cs"
    check_line(catalogue, "EVV", ["evv", "common"], evv.offered)
    check_line(catalogue, "masking", ["masking", "common"], masking.offered)


def _samples(path: Path) -> tuple[wave._wave_params, array[int]]:
    with wave.open(str(path)) as w:
        params = w.getparams()
        samples = array("h", w.readframes(w.getnframes()))
    return params, samples


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_prompt_is_empty_or_silent(catalogue: Catalogue, lang: str) -> None:
    for key in sorted(catalogue.keys(lang)):
        params, samples = _samples(SOUNDS / lang / f"{key}.wav")
        assert (params.framerate, params.nchannels, params.sampwidth) == (8000, 1, 2), key
        seconds = len(samples) / 8000
        silence = catalogue.prompt(key, lang).silence
        if silence:
            assert seconds == pytest.approx(silence, abs=0.01), key
            assert not any(samples), f"{lang}/{key} is a pause but not silent"
            continue
        assert seconds > 0.15, f"{lang}/{key} is {seconds:.2f} s"  # 个 is short
        rms = (sum(s * s for s in samples) / len(samples)) ** 0.5
        assert rms > SILENT_RMS, f"{lang}/{key} is silent (RMS {rms:.0f})"


def _words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 3
    }  # "no", "to" are words elsewhere too


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_no_english_left_in_another_language(catalogue: Catalogue, lang: str) -> None:
    english: set[str] = set()
    for key in catalogue.keys(SOURCE_LANGUAGE):
        english |= _words(catalogue.text(key, SOURCE_LANGUAGE))
    english -= SHARED_WORDS.get(lang, set())
    for key in sorted(catalogue.keys(lang) - {"language-option"}):
        prompt = catalogue.prompt(key, lang)
        if prompt.silence:
            continue
        left = _words(prompt.text) & english
        assert not left, f"{lang}/{key}: English {sorted(left)} in {prompt.text!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_manifest_names_the_voice_of_every_file(
    catalogue: Catalogue, manifest: dict[str, dict[str, dict[str, str]]], lang: str
) -> None:
    entries = manifest[lang]
    assert set(entries) == catalogue.keys(lang)
    for key, entry in entries.items():
        if catalogue.prompt(key, lang).silence:
            assert entry["source"] == "silence", key
        elif not catalogue.is_recorded(key, lang):
            assert (entry["source"], entry["voice"]) == ("synthesized", VOICES[lang]), key


def test_czech_and_hungarian_have_their_own_voices() -> None:
    assert (VOICES["cs"], VOICES["hu"]) == ("cs", "hu")


def test_somali_is_rendered_respelled_for_the_oromo_voice(
    catalogue: Catalogue, manifest: dict[str, dict[str, dict[str, str]]]
) -> None:
    respelled = 0
    for key in catalogue.keys("so"):
        prompt = catalogue.prompt(key, "so")
        if prompt.silence:
            continue
        spoken, text_hash = synthesis_input(prompt)
        assert spoken == _somali_for_oromo(prompt.text), key
        assert manifest["so"][key]["text_sha256"] == text_hash, key  # rendered as respelled
        respelled += spoken != prompt.text
    assert respelled > 20  # c, x and q are everywhere in Somali
