"""Test tones to play into calls, and how much of a tone a recording holds (Goertzel)."""

from __future__ import annotations

import array
import math
import wave
from pathlib import Path

from tests.harness.dialog import audio_level

RATE = 8000


def write_tone(path: Path, frequency: float, seconds: float = 8.0, amplitude: int = 8000) -> Path:
    samples = array.array(
        "h",
        (
            int(amplitude * math.sin(2 * math.pi * frequency * n / RATE))
            for n in range(int(seconds * RATE))
        ),
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path


def _samples(path: Path) -> tuple[int, array.array[int]]:
    """16-bit mono PCM after the `data` chunk header. The sizes in the header are not
    trusted: PJSUA2 fills them in only when its recorder is destroyed."""
    raw = path.read_bytes()
    position, rate = 12, RATE
    while position + 8 <= len(raw):
        chunk = raw[position : position + 4]
        size = int.from_bytes(raw[position + 4 : position + 8], "little")
        if chunk == b"fmt ":
            rate = int.from_bytes(raw[position + 12 : position + 16], "little")
        if chunk == b"data":
            position += 8
            break
        position += 8 + size
    body = raw[position:]
    return rate, array.array("h", body[: len(body) - len(body) % 2])


def tone_seconds(path: Path, frequency: float) -> float:
    """Seconds of `path` (50 ms blocks) in which `frequency` carries a clear share of the
    energy: each party's tone is told apart in the one mixed recording."""
    rate, samples = _samples(path)
    block = rate // 20
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    found = 0
    for start in range(0, len(samples) - block, block):
        s_prev = s_prev2 = 0.0
        energy = 0.0
        for sample in samples[start : start + block]:
            s = sample + coefficient * s_prev - s_prev2
            s_prev2, s_prev = s_prev, s
            energy += sample * sample
        power = s_prev2 * s_prev2 + s_prev * s_prev - coefficient * s_prev * s_prev2
        # A pure tone of amplitude A puts about (A * block / 2)^2 into its bin; require a
        # clear share of the block's energy so noise and the other tone do not count.
        if energy and power / (energy * block / 2) > 0.2:
            found += 1
    return found * block / rate


__all__ = ["audio_level", "tone_seconds", "write_tone"]
