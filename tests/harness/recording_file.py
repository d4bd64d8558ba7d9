"""Whether a recording Asterisk wrote was finished: its WAV header agrees with the file.

Asterisk writes the RIFF and data sizes when it closes a recording; a file that was never
closed (or closed in the middle of a write) keeps the sizes of an empty one or a short one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.harness.dialog import audio_level


@dataclass(frozen=True)
class WavFile:
    size: int
    riff_size: int  # as the header says: should be size - 8
    data_offset: int
    data_size: int  # as the header says: should be size - data_offset
    seconds: float
    rms: float

    @property
    def complete(self) -> bool:
        return self.riff_size == self.size - 8 and self.data_size == self.size - self.data_offset


def read_wav(path: Path) -> WavFile:
    raw = path.read_bytes()
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise AssertionError(f"{path} is not a WAV file: {raw[:12]!r}")
    position, data_offset, data_size = 12, -1, -1
    while position + 8 <= len(raw):
        chunk = raw[position : position + 4]
        size = int.from_bytes(raw[position + 4 : position + 8], "little")
        if chunk == b"data":
            data_offset, data_size = position + 8, size
            break
        position += 8 + size + size % 2
    if data_offset < 0:
        raise AssertionError(f"{path} has no data chunk")
    seconds, rms = audio_level(path)
    return WavFile(
        size=len(raw),
        riff_size=int.from_bytes(raw[4:8], "little"),
        data_offset=data_offset,
        data_size=data_size,
        seconds=seconds,
        rms=rms,
    )
