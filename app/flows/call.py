"""The narrow interface a flow sees of a call. Flows never import the ARI client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
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


class PresentationRefused(Exception):
    """A caller ID outside the operator's pool was about to be presented; nothing was dialed."""


class DialStatus(StrEnum):
    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    # The call that was dialing hung up before the far end answered.
    CALLER_GONE = "caller-gone"


class Leg(Protocol):
    """An outbound call leg placed by `Call.dial`."""

    @property
    def channel_id(self) -> str: ...

    async def hangup(self) -> None: ...


@dataclass(frozen=True)
class Dialed:
    status: DialStatus
    leg: Leg | None = None


@dataclass(frozen=True)
class Conversation:
    """A bridged call that has ended: its recording (both parties in one file; None if the
    bridge failed before recording began) and who hung up first ("caller", "callee", or
    "system" on shutdown or failure)."""

    recording: Recording | None
    ended_by: str


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

    async def ring(self) -> None:
        """Let an unanswered caller hear ringing while we dial on their behalf."""
        ...

    async def dial(self, number: str, *, present: str, timeout: float) -> Dialed:
        """Call `number` out through the trunk presenting `present` as caller ID (From and
        P-Asserted-Identity). Returns when it is answered, refused or `timeout` passes, or
        when this call hangs up meanwhile (CALLER_GONE; no exception). Raises
        `PresentationRefused` if `present` is not a number the operator owns."""
        ...

    async def connect(self, leg: Leg, *, record_as: str) -> Conversation:
        """Bridge this call with an answered leg, recording both parties into one file,
        until either side hangs up (which ends this method normally, not with CallEnded).
        Both channels are hung up when it returns."""
        ...
