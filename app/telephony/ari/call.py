"""`Call` over ARI: one object per channel in our Stasis application.

The router feeds it events synchronously (`on_event`); flow-side methods wait on a single
`_changed` event and re-check state, so there is no task or queue consumer per call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.flows.call import CallEnded, Prompt, PromptLike, Recording
from app.telephony.ari.client import AriClient
from app.telephony.ari.errors import AriError, NotFound
from app.telephony.ari.models import Channel, LiveRecording

log = logging.getLogger(__name__)

END_EVENTS = frozenset({"StasisEnd", "ChannelHangupRequest", "ChannelDestroyed"})


def media_uri(prompt: PromptLike, language: str) -> str:
    if isinstance(prompt, Prompt):
        return f"sound:switchboard/{prompt.lang or language}/{prompt.key}"
    if ":" in prompt:  # already a media URI, e.g. recording:...
        return prompt
    return f"sound:switchboard/{language}/{prompt}"


class AriCall:
    def __init__(self, client: AriClient, channel: Channel, recordings_dir: Path) -> None:
        self._client = client
        self._channel = channel
        self._recordings_dir = recordings_dir
        self.language = "en"
        self.ended = False
        self.answered = False
        self._digits: deque[str] = deque()
        self._changed = asyncio.Event()
        self._finished_playbacks: set[str] = set()
        self._recordings: dict[str, LiveRecording] = {}
        self.on_end: Callable[[], None] | None = None

    # -- Call interface -------------------------------------------------------------
    @property
    def channel_id(self) -> str:
        return self._channel.id

    @property
    def caller_number(self) -> str | None:
        return self._channel.caller_number or None

    @property
    def dialed_number(self) -> str | None:
        return self._channel.exten or None

    async def answer(self) -> None:
        await self._ari(self._client.answer(self.channel_id))
        self.answered = True

    async def play(self, prompts: Sequence[PromptLike], *, barge_in: bool = True) -> str | None:
        if not prompts:
            return None
        if barge_in and self._digits:
            return self._digits[0]
        playback_id = uuid.uuid4().hex
        media = [media_uri(p, self.language) for p in prompts]
        await self._ari(self._client.play(self.channel_id, media, playback_id))
        pressed_before = len(self._digits)

        def done() -> bool:
            return playback_id in self._finished_playbacks or (
                barge_in and len(self._digits) > pressed_before
            )

        await self._wait_until(done)
        if playback_id in self._finished_playbacks:
            self._finished_playbacks.discard(playback_id)
            return None
        # Barged in: stop the rest of the prompt list.
        with contextlib.suppress(NotFound):
            await self._client.stop_playback(playback_id)
        return self._digits[0] if self._digits else None

    async def read_digits(
        self,
        *,
        max_digits: int,
        first_timeout: float,
        inter_timeout: float,
        terminator: str = "#",
    ) -> str:
        entry = ""
        timeout = first_timeout
        while len(entry) < max_digits:
            if not await self._wait_until(lambda: bool(self._digits), timeout):
                break
            digit = self._digits.popleft()
            if terminator and digit == terminator:
                break
            entry += digit
            timeout = inter_timeout
        return entry

    def flush_digits(self) -> None:
        self._digits.clear()

    async def record(
        self, name: str, *, max_seconds: float, silence_seconds: float, terminator: str = "#"
    ) -> Recording:
        self.flush_digits()
        await self._ari(
            self._client.record(
                self.channel_id,
                name,
                max_seconds=max_seconds,
                silence_seconds=silence_seconds,
                terminator=terminator,
            )
        )
        await self._wait_until(lambda: name in self._recordings, max_seconds + 10)
        finished = self._recordings.pop(name, None)
        if finished is None or finished.state == "failed":
            raise AriError(500, f"recording {name} failed", f"/channels/{self.channel_id}/record")
        # A terminator pressed to end the recording is not an entry for the next question.
        self.flush_digits()
        return Recording(
            name=name,
            duration_seconds=finished.duration,
            path=str(self._recordings_dir / f"{name}.wav"),
        )

    async def hangup(self) -> None:
        if self.ended:
            return
        with contextlib.suppress(NotFound):
            await self._client.hangup(self.channel_id)
        self._mark_ended()

    # -- events from the router -----------------------------------------------------
    def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "ChannelDtmfReceived":
            self._digits.append(str(event.get("digit", "")))
        elif kind == "PlaybackFinished":
            self._finished_playbacks.add(event["playback"]["id"])
        elif kind in ("RecordingFinished", "RecordingFailed"):
            recording = LiveRecording.from_json(event["recording"])
            self._recordings[recording.name] = recording
        elif kind in END_EVENTS:
            self._mark_ended()
            return
        else:
            return
        self._changed.set()

    def _mark_ended(self) -> None:
        if not self.ended:
            self.ended = True
            self._changed.set()
            if self.on_end is not None:
                self.on_end()

    # -- helpers --------------------------------------------------------------------
    async def _wait_until(self, ready: Callable[[], bool], timeout: float | None = None) -> bool:
        """Wait for `ready()`; False on timeout. Raises CallEnded once the caller is gone."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not ready():
            if self.ended:
                raise CallEnded(self.channel_id)
            self._changed.clear()
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            try:
                async with asyncio.timeout(remaining):
                    await self._changed.wait()
            except TimeoutError:
                return ready()
        return True

    async def _ari(self, request: Any) -> Any:
        """Run an ARI request; a vanished channel means the caller hung up."""
        if self.ended:
            request.close()
            raise CallEnded(self.channel_id)
        try:
            return await request
        except NotFound as exc:
            self._mark_ended()
            raise CallEnded(self.channel_id) from exc
