"""Render catalogue prompts to 8 kHz mono 16-bit WAV with espeak-ng and sox.

    python -m app.sounds.render [--root sounds] [--force] [--lang xx] [--check]

A prompt is (re)rendered when its WAV is missing or its text or voice changed since the last
render; `sounds/manifest.json` keeps, per language and key, whether the WAV is "synthesized"
(with the voice, a hash of the text as given to the synthesizer and a hash of the WAV
written), "silence" (a catalogue pause, written by sox) or "recorded". A recording always wins:
a prompt marked `source = "recorded"`, or a WAV that is not the one this renderer wrote, is
never overwritten. Running twice renders nothing the second time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.calls.speech import LANGUAGES
from app.sounds.catalogue import NUMBERS_GROUP, Catalogue, Prompt, load_catalogue

# Bump when the audio pipeline changes so every synthesized prompt is rendered again.
PIPELINE = 1
MANIFEST = "manifest.json"
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "sounds"  # the checkout's sounds/

VOICES = {
    "en": "en-us",  # a US line
    "es": "es-419",  # Latin American Spanish, what most US Spanish speakers speak
    "ru": "ru",
    # espeak-ng has no Somali voice. Oromo is the nearest relative it has (both Lowland East
    # Cushitic) and spells alike: doubled vowels, doubled consonants, sh, dh.
    "so": "om",
    # The plain "cmn" voice of espeak-ng 1.51 reads most characters as English letters and
    # digits (upstream issues #1236, #1370); this variant reads Chinese characters correctly.
    "zh": "cmn-latn-pinyin",
    "ar": "ar",
    "cs": "cs",
    "hu": "hu",
}

_SOMALI_WORD_START_C = re.compile(r"\bc", re.IGNORECASE)
_ARABIC_VOWEL_THEN_SHADDA = re.compile("([\u064b-\u0650\u0652])\u0651")


def _somali_for_oromo(text: str) -> str:
    """Oromo reads c, x and q as ejectives; in Somali they are ʕ, ħ and a uvular stop.
    Respell them to what the Oromo voice says closest: (glottal) ', h, k."""
    text = _SOMALI_WORD_START_C.sub("", text)  # a leading ' would be read as a pause
    return text.translate(str.maketrans("cCxXqQ", "''hHkK"))


def _arabic_shadda_first(text: str) -> str:
    """Unicode order puts a short vowel before the shadda on the same letter; espeak-ng only
    voices the vowel when the shadda comes first."""
    return _ARABIC_VOWEL_THEN_SHADDA.sub("\u0651\\1", text)


# Words the cmn-latn-pinyin voice gets wrong, spelled in the pinyin it reads correctly.
_MANDARIN_PINYIN = {"凌晨": "ling2 chen2"}  # its dictionary says "ling chen chen"


def _mandarin_fixes(text: str) -> str:
    for word, pinyin in _MANDARIN_PINYIN.items():
        text = text.replace(word, f" {pinyin} ")
    return text


SPEAKABLE: dict[str, Callable[[str], str]] = {
    "so": _somali_for_oromo,
    "zh": _mandarin_fixes,
    "ar": _arabic_shadda_first,
}

Synthesizer = Callable[[str, str, Path], None]


# Air kept before and after a prompt. Number words are always played in a row ("dvě stě",
# "třicet", "čtyři"), so theirs is tight: a number flows as one, and a phone number's groups
# are set apart by the catalogue's pause instead. They are said a little faster too, as
# people read numbers out (espeak-ng's words per minute).
PAD_SECONDS = (0.05, 0.1)
NUMBER_PAD_SECONDS = (0.02, 0.03)
RATE, NUMBER_RATE = 150, 175


def espeak_sox(
    text: str,
    voice: str,
    out: Path,
    pad: tuple[float, float] = PAD_SECONDS,
    rate: int = RATE,
) -> None:
    """Speak `text` with `voice` into `out`: 8 kHz, mono, 16-bit, silence trimmed."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), "--stdin"],
            input=text.encode(),
            check=True,
        )
        # -D: no dither, so the same input always gives the same bytes. Trim silence at both
        # ends (reverse trick), normalize to -3 dBFS, then keep `pad` seconds of air around it.
        subprocess.run(
            ["sox", "-D", str(raw), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
             str(out), "silence", "1", "0.02", "0.1%", "reverse", "silence", "1", "0.02",
             "0.1%", "reverse", "gain", "-n", "-3", "pad", f"{pad[0]:g}", f"{pad[1]:g}"],
            check=True,
        )  # fmt: skip


def espeak_sox_number(text: str, voice: str, out: Path) -> None:
    espeak_sox(text, voice, out, NUMBER_PAD_SECONDS, NUMBER_RATE)


def sox_silence(seconds: float, out: Path) -> None:
    subprocess.run(
        ["sox", "-D", "-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
         str(out), "trim", "0", f"{seconds:g}"],
        check=True,
    )  # fmt: skip


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_hash(text: str, voice: str) -> str:
    return _sha256(f"{PIPELINE}\n{voice}\n{text}".encode())


def synthesis_input(prompt: Prompt) -> tuple[str, str]:
    """What the synthesizer is given for a prompt (respelled where the voice needs it) and
    its hash with the voice and padding: a changed respelling or voice re-renders too."""
    if prompt.silence:
        spoken, how = f"<{prompt.silence:g} s>", "silence"
    else:
        spoken = SPEAKABLE.get(prompt.lang, _as_is)(prompt.text)
        voice = VOICES[prompt.lang]
        number_word = prompt.group == NUMBERS_GROUP
        how = f"{voice} {NUMBER_PAD_SECONDS} {NUMBER_RATE}" if number_word else voice
    return spoken, _text_hash(spoken, how)


@dataclass
class Report:
    rendered: list[str] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing_recordings: list[str] = field(default_factory=list)


def _load_manifest(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    manifest: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    manifest.setdefault("voices", {})
    manifest.setdefault("prompts", {})
    return manifest


def _as_is(text: str) -> str:
    return text


def _ours(wav: Path, entry: dict[str, Any]) -> bool:
    """The WAV on disk is the one this renderer last wrote (not a recording dropped in)."""
    return wav.exists() and entry.get("wav_sha256") == _sha256(wav.read_bytes())


def _render_lang(
    catalogue: Catalogue,
    root: Path,
    lang: str,
    entries: dict[str, Any],
    force: bool,
    synths: tuple[Synthesizer, Synthesizer] | None,
    report: Report,
) -> None:
    """Render one language with (prompt, number word) synthesizers; with `synths=None`
    only report what would change."""
    voice = VOICES[lang]
    for key in sorted(catalogue.keys(lang)):
        name, wav = f"{lang}/{key}", root / lang / f"{key}.wav"
        entry = entries.get(key, {})
        wrote = _ours(wav, entry)
        if catalogue.is_recorded(key, lang) or (wav.exists() and not wrote):
            entries[key] = {"source": "recorded"}
            (report.recorded if wav.exists() else report.missing_recordings).append(name)
            continue
        prompt = catalogue.prompt(key, lang)
        silence, number_word = prompt.silence, prompt.group == NUMBERS_GROUP
        spoken, text_hash = synthesis_input(prompt)
        if wrote and entry.get("text_sha256") == text_hash and not force:
            continue
        report.rendered.append(name)
        if synths is None:
            continue
        synth = synths[1] if number_word else synths[0]
        wav.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and move into place: a half-written WAV left by a failed run would
        # otherwise look like a recording (not ours) and never be rendered again.
        partial = wav.with_name(f".{wav.stem}.partial.wav")
        try:
            if silence:
                sox_silence(silence, partial)
            else:
                synth(spoken, voice, partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(wav)
        made = {"source": "silence"} if silence else {"source": "synthesized", "voice": voice}
        entries[key] = {
            **made,
            "text_sha256": text_hash,
            "wav_sha256": _sha256(wav.read_bytes()),
        }
    for key in sorted(set(entries) - catalogue.keys(lang)):
        # The prompt left the catalogue: drop our own audio, never a recording.
        wav = root / lang / f"{key}.wav"
        if _ours(wav, entries.pop(key)):
            report.removed.append(f"{lang}/{key}")
            if synths is not None:
                wav.unlink()


def render(
    root: Path,
    *,
    langs: Sequence[str] | None = None,
    force: bool = False,
    synth: Synthesizer = espeak_sox,
    number_synth: Synthesizer = espeak_sox_number,
    dry_run: bool = False,
) -> Report:
    """Bring `root/<lang>/*.wav` and `root/manifest.json` up to date with the catalogue.

    With `dry_run` nothing is written; the report says what a real run would do."""
    catalogue = load_catalogue(root)
    manifest = _load_manifest(root)
    report = Report()
    for lang in langs or catalogue.languages:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        manifest["voices"][lang] = VOICES[lang]
        entries = manifest["prompts"].setdefault(lang, {})
        synths = None if dry_run else (synth, number_synth)
        _render_lang(catalogue, root, lang, entries, force, synths, report)
        manifest["prompts"][lang] = dict(sorted(entries.items()))
    if dry_run:
        return report
    manifest = {
        "pipeline": PIPELINE,
        "voices": dict(sorted(manifest["voices"].items())),
        "prompts": dict(sorted(manifest["prompts"].items())),
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.sounds.render", description=__doc__)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--force", action="store_true", help="re-render every synthesized prompt")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="only this language")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if anything is out of date"
    )
    args = parser.parse_args(argv)
    report = render(args.root, langs=args.lang, force=args.force, dry_run=args.check)
    verb = "would render" if args.check else "rendered"
    for name in report.rendered:
        print(f"{verb} {name}")
    for name in report.removed:
        print(f"{'would remove' if args.check else 'removed'} {name}")
    for name in report.missing_recordings:
        print(f"MISSING recording {name}")
    print(
        f"{len(report.rendered)} rendered, {len(report.recorded)} recorded kept, "
        f"{len(report.removed)} removed, {len(report.missing_recordings)} recordings missing"
    )
    return 1 if args.check and (report.rendered or report.removed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
