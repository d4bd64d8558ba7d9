"""A caller's side of an IVR dialogue: wait for a prompt, press keys, check what was heard."""

from __future__ import annotations

import array
import struct
from pathlib import Path

from tests.harness.observer import AriObserver
from tests.harness.phone import PhoneCall, SipStack

SOUND_PREFIX = "sound:switchboard/"


class Caller:
    def __init__(
        self, stack: SipStack, observer: AriObserver, call: PhoneCall, mark: int, name_prefix: str
    ) -> None:
        self.stack = stack
        self.observer = observer
        self.call = call
        self.mark = mark
        # Prompts are awaited in order: each expect() looks past the previous match.
        self.cursor = mark
        self.pressed = ""
        self.channel_id = self._find_channel(name_prefix)

    def _find_channel(self, name_prefix: str) -> str:
        found: list[str] = []

        def ready() -> bool:
            channel = self.observer.channel(self.mark, name_prefix)
            if channel:
                found.append(channel)
            return bool(found) or self.call.disconnected

        self.stack.wait_until(ready, 15, f"a {name_prefix} channel on the PBX")
        if not found:
            raise AssertionError(
                f"call ended before reaching the PBX (SIP {self.call.status_code})"
            )
        return found[0]

    def _pump(self) -> None:
        self.stack.pump(0.02)

    def expect(self, key: str, timeout: float = 30, lang: str | None = None) -> None:
        """Wait until the PBX starts playing prompt `key` (optionally in language `lang`)."""
        suffix = f"/{lang}/{key}" if lang else f"/{key}"

        def match(event: dict[str, object]) -> bool:
            if event.get("type") != "PlaybackStarted":
                return False
            playback = event["playback"]
            assert isinstance(playback, dict)
            return bool(
                playback.get("target_uri") == f"channel:{self.channel_id}"
                and str(playback.get("media_uri", "")).endswith(suffix)
            )

        try:
            self.cursor = self.observer.wait_for(match, self.cursor, timeout, self._pump) + 1
        except AssertionError:
            raise AssertionError(f"prompt {key!r} never played; heard {self.prompts()}") from None

    def expect_recording(self, timeout: float = 30) -> None:
        """Wait until the PBX starts recording this caller (after its beep)."""

        def match(event: dict[str, object]) -> bool:
            recording = event.get("recording")
            return (
                event.get("type") == "RecordingStarted"
                and isinstance(recording, dict)
                and recording.get("target_uri") == f"channel:{self.channel_id}"
            )

        self.cursor = self.observer.wait_for(match, self.cursor, timeout, self._pump) + 1

    def say(self, wav: Path, seconds: float) -> None:
        """Play a WAV into the call (the caller speaking) and wait while it plays."""
        self.call.play_file(wav)
        self.stack.pump(seconds)

    def press(self, digits: str) -> None:
        self.call.dtmf(digits)
        self.pressed += digits

    def listen(self, seconds: float) -> None:
        self.stack.pump(seconds)

    def wait_hangup(self, timeout: float = 30) -> None:
        self.stack.wait_until(lambda: self.call.disconnected, timeout, "the PBX to hang up")

    def hang_up(self) -> None:
        self.call.hangup()
        self.stack.wait_until(lambda: self.call.disconnected, 10, "our hangup")

    def prompts(self) -> list[str]:
        """Prompts played to this caller, as `lang/key`."""
        return [
            uri[len(SOUND_PREFIX) :] if uri.startswith(SOUND_PREFIX) else uri
            for uri in self.observer.prompts_played(self.channel_id, self.mark)
        ]

    def dialplan_steps(self) -> list[str]:
        """`App(data)` for each dialplan application this call ran (outside Stasis)."""
        return [
            f"{event['dialplan_app']}({event.get('dialplan_app_data', '')})"
            for event in self.observer.since(self.mark)
            if event.get("type") == "ChannelDialplan" and event["channel"]["id"] == self.channel_id
        ]

    def digits_received(self) -> str:
        return self.observer.digits_received(self.channel_id, self.mark)


def audio_level(path: Path) -> tuple[float, float]:
    """(seconds, RMS) of the 16-bit PCM WAV a phone recorded of what its caller heard.

    Parsed by hand: PJSUA2 fills in the RIFF sizes only when the recorder is destroyed,
    which may be after the test reads the file, so the sizes are not trusted.
    """
    raw = path.read_bytes()
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        return 0.0, 0.0
    rate, position = 8000, 12
    while position + 8 <= len(raw):
        chunk, size = (
            raw[position : position + 4],
            struct.unpack("<I", raw[position + 4 : position + 8])[0],
        )
        if chunk == b"fmt ":
            rate = struct.unpack("<I", raw[position + 12 : position + 16])[0]
        if chunk == b"data":
            position += 8
            break
        position += 8 + size
    body = raw[position:]
    samples = array.array("h", body[: len(body) - len(body) % 2])
    if not samples:
        return 0.0, 0.0
    rms = (sum(sample * sample for sample in samples) / len(samples)) ** 0.5
    return len(samples) / rate, rms


def write_tone(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A WAV of a warbling tone: stands in for a voice (not silence to Asterisk)."""
    import math
    import wave

    frames = array.array(
        "h",
        (
            int(9000 * math.sin(2 * math.pi * (300 + 200 * math.sin(i / 800)) * i / rate))
            for i in range(int(seconds * rate))
        ),
    )
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames.tobytes())
    return path
