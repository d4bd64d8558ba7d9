"""The prompt renderer: what it renders, what it leaves alone, and its audio format."""

from __future__ import annotations

import hashlib
import json
import wave
from pathlib import Path
from typing import Any

import pytest

from app.sounds.catalogue import load_catalogue
from app.sounds.render import (
    VOICES,
    _arabic_shadda_first,
    _mandarin_fixes,
    _somali_for_oromo,
    espeak_sox,
    main,
    render,
)

SOUNDS = Path(__file__).resolve().parents[3] / "sounds"


class FakeSynth:
    """Writes a tiny WAV whose samples depend on the text, and remembers each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, text: str, voice: str, out: Path) -> None:
        self.calls.append((text, voice))
        with wave.open(str(out), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(hashlib.sha256(text.encode()).digest())


def write(root: Path, lang: str, body: str) -> None:
    folder = root / "catalogue" / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evv.toml").write_text(body, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write(tmp_path, "en", '[hello]\ntext = "Hello."\n[bye]\ntext = "Goodbye."\n')
    write(tmp_path, "es", '[hello]\ntext = "Hola."\n')
    return tmp_path


def manifest(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "manifest.json").read_text())
    return data


def test_first_run_renders_everything_second_run_nothing(root: Path) -> None:
    synth = FakeSynth()
    report = render(root, synth=synth)
    assert sorted(report.rendered) == ["en/bye", "en/hello", "es/hello"]
    assert sorted(synth.calls) == [("Goodbye.", "en-us"), ("Hello.", "en-us"), ("Hola.", "es-419")]
    assert (root / "es" / "hello.wav").exists()
    entry = manifest(root)["prompts"]["en"]["hello"]
    assert entry["source"] == "synthesized"
    assert entry["voice"] == "en-us"
    before = (root / "manifest.json").read_text()

    again = FakeSynth()
    assert render(root, synth=again).rendered == []
    assert again.calls == []
    assert (root / "manifest.json").read_text() == before  # byte for byte


def test_changed_text_is_rendered_again(root: Path) -> None:
    render(root, synth=FakeSynth())
    write(root, "es", '[hello]\ntext = "¡Hola!"\n')
    synth = FakeSynth()
    assert render(root, synth=synth).rendered == ["es/hello"]
    assert synth.calls == [("¡Hola!", "es-419")]


def test_missing_wav_is_rendered_again(root: Path) -> None:
    render(root, synth=FakeSynth())
    (root / "en" / "bye.wav").unlink()
    assert render(root, synth=FakeSynth()).rendered == ["en/bye"]


def test_force_renders_synthesized_prompts_again(root: Path) -> None:
    render(root, synth=FakeSynth())
    assert len(render(root, synth=FakeSynth(), force=True).rendered) == 3


def test_a_recording_dropped_in_wins(root: Path) -> None:
    render(root, synth=FakeSynth())
    recording = root / "en" / "hello.wav"
    recording.write_bytes(b"RIFF a real recording")
    write(root, "en", '[hello]\ntext = "Hello there."\n[bye]\ntext = "Goodbye."\n')
    report = render(root, synth=FakeSynth(), force=True)
    assert "en/hello" not in report.rendered
    assert report.recorded == ["en/hello"]
    assert recording.read_bytes() == b"RIFF a real recording"
    assert manifest(root)["prompts"]["en"]["hello"] == {"source": "recorded"}


def test_a_wav_present_before_the_first_render_is_a_recording(root: Path) -> None:
    (root / "en").mkdir()
    (root / "en" / "bye.wav").write_bytes(b"RIFF recorded")
    report = render(root, synth=FakeSynth())
    assert sorted(report.rendered) == ["en/hello", "es/hello"]
    assert (root / "en" / "bye.wav").read_bytes() == b"RIFF recorded"


def test_source_recorded_is_never_synthesized(root: Path) -> None:
    write(root, "en", '[hello]\ntext = "Hello."\nsource = "recorded"\n[bye]\ntext = "Bye."\n')
    report = render(root, synth=FakeSynth())
    assert report.missing_recordings == ["en/hello"]
    assert not (root / "en" / "hello.wav").exists()
    (root / "en" / "hello.wav").write_bytes(b"RIFF recorded")
    report = render(root, synth=FakeSynth(), force=True)
    assert report.recorded == ["en/hello"]
    assert report.missing_recordings == []


def test_prompts_removed_from_the_catalogue_lose_only_synthesized_audio(root: Path) -> None:
    render(root, synth=FakeSynth())
    (root / "es" / "hello.wav").write_bytes(b"RIFF recorded")
    render(root, synth=FakeSynth())
    write(root, "en", '[hello]\ntext = "Hello."\n')
    write(root, "es", "")
    report = render(root, synth=FakeSynth())
    assert report.removed == ["en/bye"]
    assert not (root / "en" / "bye.wav").exists()
    assert (root / "es" / "hello.wav").exists()
    assert "bye" not in manifest(root)["prompts"]["en"]


def test_a_failed_render_leaves_nothing_that_looks_like_a_recording(root: Path) -> None:
    def broken(text: str, voice: str, out: Path) -> None:
        out.write_bytes(b"RIFF half")
        raise RuntimeError("synthesizer crashed")

    with pytest.raises(RuntimeError):
        render(root, synth=broken)
    assert list(root.rglob("*.wav")) == []
    assert len(render(root, synth=FakeSynth()).rendered) == 3


def test_only_the_languages_asked_for(root: Path) -> None:
    report = render(root, synth=FakeSynth(), langs=["es"])
    assert report.rendered == ["es/hello"]
    assert list(manifest(root)["prompts"]) == ["es"]
    render(root, synth=FakeSynth(), langs=["en"])
    assert list(manifest(root)["prompts"]) == ["en", "es"]


def test_check_writes_nothing_and_fails_when_out_of_date(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(root), "--check"]) == 1
    assert "would render en/hello" in capsys.readouterr().out
    assert not (root / "manifest.json").exists()
    assert not (root / "en").exists()


def test_respellings_for_the_synthesizer() -> None:
    assert _somali_for_oromo("Caawa xalay saacad qof") == "aawa halay saa'ad kof"
    assert _mandarin_fixes("凌晨两点") == " ling2 chen2 两点"
    fatha_then_shadda = "\u0633\u0650\u062a\u064e\u0651\u0629"  # سِتَّة in Unicode order
    assert _arabic_shadda_first(fatha_then_shadda) == "\u0633\u0650\u062a\u0651\u064e\u0629"


def test_the_committed_audio_is_up_to_date() -> None:
    catalogue = load_catalogue(SOUNDS)
    report = render(SOUNDS, dry_run=True)
    assert (report.rendered, report.removed, report.missing_recordings) == ([], [], [])
    for lang in catalogue.languages:
        for key in catalogue.keys(lang):
            assert (SOUNDS / lang / f"{key}.wav").exists(), f"{lang}/{key}"
    assert manifest(SOUNDS)["voices"] == VOICES


@pytest.mark.parametrize("lang", sorted(VOICES))
def test_espeak_sox_writes_8khz_mono_16bit(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "x.wav"
    text = load_catalogue(SOUNDS).text("technical-difficulty", lang)
    espeak_sox(text, VOICES[lang], out)
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        assert 0.3 < w.getnframes() / 8000 < 10
    first = out.read_bytes()
    espeak_sox(text, VOICES[lang], out)
    assert out.read_bytes() == first  # deterministic: no dither


def test_number_words_and_pauses_are_rendered_their_own_way(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue" / "en"
    folder.mkdir(parents=True)
    (folder / "numbers.toml").write_text('[num-1]\ntext = "one"\n[pause]\nsilence = 0.25\n')
    (folder / "evv.toml").write_text('[hello]\ntext = "Hello."\n')
    prompts, numbers = FakeSynth(), FakeSynth()
    render(tmp_path, synth=prompts, number_synth=numbers)
    assert (prompts.calls, numbers.calls) == ([("Hello.", "en-us")], [("one", "en-us")])
    entries = manifest(tmp_path)["prompts"]["en"]
    assert entries["pause"]["source"] == "silence" and "voice" not in entries["pause"]
    with wave.open(str(tmp_path / "en" / "pause.wav")) as w:
        assert w.getnframes() == 2000 and not any(w.readframes(2000))
    assert render(tmp_path, synth=prompts, number_synth=numbers).rendered == []
