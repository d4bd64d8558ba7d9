"""An outbound leg placed by `AriCall.dial`: a channel we originated into our Stasis app.

It is tracked by the router from the moment it is originated, so its ringing, Dial status,
StasisStart (answered) and hangup events reach it; it never starts a flow of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from app.calls.dialing import DialStatus
from app.telephony.ari.client import AriClient
from app.telephony.ari.errors import NotFound

# appArgs of an originated leg: "leg,<channel id of the call that dialed it>".
LEG_MARKER = "leg"

END_EVENTS = frozenset({"StasisEnd", "ChannelHangupRequest", "ChannelDestroyed"})
# Q.850 causes Asterisk reports when a dialed channel goes away unanswered.
BUSY_CAUSES = frozenset({17})
NO_ANSWER_CAUSES = frozenset({18, 19})


class AriLeg:
    def __init__(self, client: AriClient, channel_id: str, notify: Callable[[], None]) -> None:
        self._client = client
        self._channel_id = channel_id
        self._notify = notify
        self.answered = False
        self.ended = False
        self.dial_status = ""
        self.cause: int | None = None

    @property
    def channel_id(self) -> str:
        return self._channel_id

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "StasisStart":
            self.answered = True
        elif kind == "Dial":
            self.dial_status = str(event.get("dialstatus") or "")
        elif kind in END_EVENTS:
            self.ended = True
            if kind in ("ChannelDestroyed", "ChannelHangupRequest") and "cause" in event:
                self.cause = int(event["cause"])
        else:
            return
        self._notify()

    def outcome(self) -> DialStatus:
        """What happened to a leg that was never answered."""
        if self.dial_status == "BUSY" or self.cause in BUSY_CAUSES:
            return DialStatus.BUSY
        if self.dial_status in ("NOANSWER", "CANCEL") or self.cause in NO_ANSWER_CAUSES:
            return DialStatus.NO_ANSWER
        return DialStatus.FAILED

    async def hangup(self) -> None:
        if self.ended:
            return
        with contextlib.suppress(NotFound):
            await self._client.hangup(self._channel_id)
        self.ended = True
        self._notify()
