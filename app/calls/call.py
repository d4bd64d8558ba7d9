"""The narrow interface a flow sees of a call: prompts, digits, recording, hang-up.
Dialing out and bridging are the `DialingCall` extension (dialing.py). Flows never import
the ARI client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class CallEnded(Exception):
    """The caller hung up (or the channel went away); the flow stops here."""


class NoInput(Exception):
    """The caller pressed nothing (or nothing valid) within the allowed attempts."""


@dataclass(frozen=True)
class Prompt:
    """A catalogue prompt; `lang=None` means the call's current language."""

    key: str
    lang: str | None = None


PromptLike = str | Prompt


@dataclass(frozen=True)
class Recording:
    name: str
    duration_seconds: float
    path: str


class Call(Protocol):
    @property
    def channel_id(self) -> str: ...

    @property
    def caller_number(self) -> str | None: ...

    @property
    def dialed_number(self) -> str | None: ...

    language: str

    async def answer(self) -> None: ...

    async def play(self, prompts: Sequence[PromptLike], *, barge_in: bool = True) -> str | None:
        """Play prompts in order. With barge-in the first key pressed stops playback and is
        returned (it stays buffered for the next `read_digits`). Without barge-in the
        prompts are information the caller must hear: they play to the end and every key
        pressed before they end (type-ahead included) is dropped, so it answers nothing."""
        ...

    async def read_digits(
        self,
        *,
        max_digits: int,
        first_timeout: float,
        inter_timeout: float,
        terminator: str = "#",
    ) -> str:
        """Digits pressed (buffered ones first) until max_digits, the terminator (not returned),
        or a timeout. Empty string when nothing was pressed."""
        ...

    def flush_digits(self) -> None:
        """Drop every key pressed so far."""
        ...

    async def drain_digits(self, *, quiet: float) -> None:
        """Drop keys until the caller has pressed nothing for `quiet` seconds: the rest of
        an over-long entry, still arriving, must not become the next one."""
        ...

    async def key_follows(self, *, within: float) -> bool:
        """Whether another key is buffered or pressed within `within` seconds (it stays
        buffered)."""
        ...

    async def record(
        self, name: str, *, max_seconds: float, silence_seconds: float, terminator: str = "#"
    ) -> Recording: ...

    async def hangup(self) -> None: ...
