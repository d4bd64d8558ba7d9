"""One scripted fake call for every system's flow tests: it prompts, collects and records
(`Call`) and dials and bridges (`DialingCall`). Unit tests of flows only."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from app.calls.call import CallEnded, Prompt, PromptLike, Recording
from app.calls.dialing import (
    Conversation,
    Dialed,
    DialStatus,
    EndedBy,
    Leg,
    PresentationRefused,
)
from app.systems.evv.dids import EVV_NUMBER

HANGUP = object()


@dataclass
class FakeLeg:
    channel_id: str
    hung_up: bool = False

    async def hangup(self) -> None:
        self.hung_up = True


class FakeCall:
    """Each `read_digits` takes the next scripted entry: digits, "" (silence) or HANGUP.

    Keys of an entry beyond what the flow read stay as `leftover` (pressed at once: seen
    by `key_follows`) until flushed or drained; they never spill into the next entry."""

    def __init__(
        self,
        entries: Sequence[object],
        caller: str | None = "5550001001",
        dialed: str = EVV_NUMBER,
        outcomes: Sequence[DialStatus] = (DialStatus.ANSWERED,),
        owned: set[str] | None = None,
    ) -> None:
        """`outcomes` answer each `dial` in turn; `owned` is what the adapter's last check
        accepts as a caller ID (None: anything)."""
        self.entries = list(entries)
        self.language = "en"
        self.played: list[str] = []
        self.answered = False
        self.hung_up = False
        self._caller = caller
        self._dialed = dialed
        self.outcomes = list(outcomes)
        self.owned = owned
        self.dials: list[tuple[str, str, float]] = []
        self.phone_dials: list[tuple[str, float]] = []
        self.connected: list[str | None] = []
        self.rang = False
        # Keys of the last entry past what the flow read: still "being pressed".
        self.leftover = ""
        self.drained: list[str] = []
        # How many of the next `connect`s with a `release` wait for it (an operator
        # putting the caller through) instead of ending with the caller's hang-up.
        self.held = 0
        self.handed_over: list[tuple[str, str]] = []
        self.voicemail: list[str] = []

    @property
    def channel_id(self) -> str:
        return "fake-1"

    @property
    def caller_number(self) -> str | None:
        return self._caller

    @property
    def dialed_number(self) -> str | None:
        return self._dialed

    async def answer(self) -> None:
        self.answered = True

    async def play(self, prompts: Sequence[PromptLike], *, barge_in: bool = True) -> str | None:
        self._check()
        for prompt in prompts:
            if isinstance(prompt, Prompt):
                self.played.append(f"{prompt.lang or self.language}/{prompt.key}")
            else:
                self.played.append(f"{self.language}/{prompt}")
        return None

    async def read_digits(
        self, *, max_digits: int, first_timeout: float, inter_timeout: float, terminator: str = "#"
    ) -> str:
        self._check()
        if not self.entries:
            raise AssertionError(f"script ran out; heard so far: {self.played}")
        entry = self.entries.pop(0)
        if entry is HANGUP:
            self.hung_up = True
            raise CallEnded("fake")
        assert isinstance(entry, str)
        self.leftover = entry[max_digits:]
        return entry[:max_digits]

    def flush_digits(self) -> None:
        self.leftover = ""

    async def drain_digits(self, *, quiet: float) -> None:
        self.drained.append(self.leftover)
        self.leftover = ""

    async def key_follows(self, *, within: float) -> bool:
        return bool(self.leftover)

    async def record(
        self, name: str, *, max_seconds: float, silence_seconds: float, terminator: str = "#"
    ) -> Recording:
        self._check()
        return Recording(name=name, duration_seconds=3.0, path=f"/tmp/{name}.wav")

    async def hangup(self) -> None:
        self.hung_up = True

    async def ring(self) -> None:
        self.rang = True

    async def dial(self, number: str, *, present: str, timeout: float) -> Dialed:
        if self.owned is not None and present not in self.owned:
            raise PresentationRefused(present)
        self.dials.append((number, present, timeout))
        status = self.outcomes.pop(0)
        if status is DialStatus.ANSWERED:
            return Dialed(status, FakeLeg(f"leg-{len(self.dials)}"))
        return Dialed(status)

    async def dial_phone(self, extension: str, *, timeout: float) -> Dialed:
        """Takes the next of `outcomes`, like `dial`; recorded in `phone_dials`."""
        self.phone_dials.append((extension, timeout))
        status = self.outcomes.pop(0)
        if status is DialStatus.ANSWERED:
            return Dialed(status, FakeLeg(f"phone-{extension}"))
        return Dialed(status)

    async def connect(
        self, leg: Leg, *, record_as: str | None, release: asyncio.Event | None = None
    ) -> Conversation:
        self.connected.append(record_as)
        recording = (
            None if record_as is None else Recording(record_as, 12.5, f"/rec/{record_as}.wav")
        )
        if release is not None and self.held:
            self.held -= 1
            await release.wait()
            return Conversation(recording, EndedBy.RELEASED)
        self.hung_up = True
        return Conversation(recording, EndedBy.CALLER)

    async def hand_over(self, leg: Leg, to: Leg, *, record_as: str | None) -> Conversation:
        self.handed_over.append((leg.channel_id, to.channel_id))
        self.hung_up = True
        recording = (
            None if record_as is None else Recording(record_as, 65.0, f"/rec/{record_as}.wav")
        )
        return Conversation(recording, EndedBy.CALLEE)

    async def leave_message(self, extension: str) -> None:
        self._check()
        self.voicemail.append(extension)
        self.hung_up = True

    def _check(self) -> None:
        if self.hung_up:
            raise CallEnded("fake")

    def prompt_keys(self) -> list[str]:
        return [p.split("/", 1)[1] for p in self.played]
