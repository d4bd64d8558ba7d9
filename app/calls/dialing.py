"""The part of a call that reaches other parties: ring the caller, dial out through the
trunk presenting a caller ID, bridge and record. A flow that only prompts and collects
asks for `Call`; one that connects people asks for `DialingCall`, so a fake for a system
that never dials need not implement any of this."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.calls.call import Call, Recording


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


class EndedBy(StrEnum):
    """Who ended a bridged conversation."""

    CALLER = "caller"
    CALLEE = "callee"
    # Shutdown, or the bridge failed.
    SYSTEM = "system"
    # Nobody: the flow released the bridge and both parties are still on the line.
    RELEASED = "released"


@dataclass(frozen=True)
class Conversation:
    """A bridged call that has ended: its recording (both parties in one file; None if it
    was not recorded or the bridge failed before recording began) and who hung up first."""

    recording: Recording | None
    ended_by: EndedBy


class DialingCall(Call, Protocol):
    async def ring(self) -> None:
        """Let an unanswered caller hear ringing while we dial on their behalf."""
        ...

    async def dial(self, number: str, *, present: str, timeout: float) -> Dialed:
        """Call `number` out through the trunk presenting `present` as caller ID (From and
        P-Asserted-Identity). Returns when it is answered, refused or `timeout` passes, or
        when this call hangs up meanwhile (CALLER_GONE; no exception). Raises
        `PresentationRefused` if `present` is not a number the operator owns."""
        ...

    async def dial_phone(self, extension: str, *, timeout: float) -> Dialed:
        """Ring one of the PBX's registered phones (app/pbx/phones), showing this call's
        caller ID, until it answers, refuses, `timeout` passes or this call hangs up.
        A phone that is not registered is FAILED at once. Connect the answered leg with
        `connect`, as for `dial`."""
        ...

    async def connect(
        self, leg: Leg, *, record_as: str | None, release: asyncio.Event | None = None
    ) -> Conversation:
        """Bridge this call with an answered leg, recording both parties into one file
        named `record_as` (None: not recorded, e.g. a hotel guest's private call),
        until either side hangs up (which ends this method normally, not with CallEnded).
        Both channels are hung up when it returns, unless `release` was set first: then
        the bridge goes, both stay on the line (ended_by RELEASED) and the leg can be
        connected again (an operator putting a caller through and back)."""
        ...

    async def hand_over(self, leg: Leg, to: Leg, *, record_as: str | None) -> Conversation:
        """Bridge two answered legs of this call with each other, recorded, and hang this
        call's own channel up: its party drops out (an operator who placed a call and rang
        the room back). Returns when either leg hangs up (ended_by CALLER: `leg` did),
        with both hung up; the flow goes on without its channel to record the outcome."""
        ...

    async def leave_message(self, extension: str) -> None:
        """Send the caller to a registered phone's voicemail: the call leaves the flow for
        app_voicemail (the phone's lamp lights when a message is left)."""
        ...
