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
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from app.calls.call import CallEnded, Prompt, PromptLike, Recording
from app.calls.dialing import Conversation, Dialed, DialStatus, EndedBy, Leg, PresentationRefused
from app.telephony.ari.client import AriClient
from app.telephony.ari.errors import AriError, NotFound
from app.telephony.ari.leg import LEG_MARKER, AriLeg
from app.telephony.ari.models import Channel, LiveRecording

log = logging.getLogger(__name__)

END_EVENTS = frozenset({"StasisEnd", "ChannelHangupRequest", "ChannelDestroyed"})
# Longest a bridged call is recorded; a forgotten call must not fill the disk.
MAX_RECORDING_SECONDS = 4 * 3600
# How long a recording's end may trail the hang-up that caused it.
RECORDING_GRACE_SECONDS = 5.0
# Extra time after a dial timeout for Asterisk to report the leg's end.
DIAL_GRACE_SECONDS = 10.0

# Longest an over-long entry is drained (see `drain_digits`).
MAX_DRAIN_SECONDS = 10.0

# The dialplan context that hands a caller to a phone's voicemail (asterisk/extensions.conf).
VOICEMAIL_CONTEXT = "switchboard-voicemail"

# Ringing tone for a caller we already answered, while their call is dialed out.
RINGBACK = "tone:ring"

CallerIdGuard = Callable[[str], Awaitable[bool]]


class EventSink(Protocol):
    def on_event(self, event: dict[str, Any]) -> None: ...


class Tracker(Protocol):
    """Routes events for other channels and bridges (legs, bridges) to their owner."""

    def track(self, resource_id: str, sink: EventSink) -> None: ...

    def untrack(self, resource_id: str) -> None: ...


class _NoTracker:
    def track(self, resource_id: str, sink: EventSink) -> None:
        raise RuntimeError("this call cannot dial: no tracker")

    def untrack(self, resource_id: str) -> None:
        pass


async def _refuse_all(number: str) -> bool:
    return False


def phone_endpoint(extension: str) -> str:
    """A registered phone's PJSIP endpoint: its extension (app/pbx/phones)."""
    return f"PJSIP/{extension}"


def media_uri(prompt: PromptLike, language: str) -> str:
    if isinstance(prompt, Prompt):
        return f"sound:switchboard/{prompt.lang or language}/{prompt.key}"
    if ":" in prompt:  # already a media URI, e.g. recording:...
        return prompt
    return f"sound:switchboard/{language}/{prompt}"


class AriCall:
    def __init__(
        self,
        client: AriClient,
        channel: Channel,
        recordings_dir: Path,
        *,
        tracker: Tracker | None = None,
        caller_id_guard: CallerIdGuard = _refuse_all,
        dial_endpoint: str = "PJSIP/{number}@carrier",
    ) -> None:
        self._client = client
        self._channel = channel
        self._recordings_dir = recordings_dir
        self._tracker: Tracker = tracker or _NoTracker()
        self._caller_id_guard = caller_id_guard
        self._dial_endpoint = dial_endpoint
        self._legs: dict[str, AriLeg] = {}
        self._bridges: set[str] = set()
        # While dialing or bridged, the flow waits for hangups itself: the router must not
        # cancel it when this channel ends.
        self.awaiting_end = False
        self.language = "en"
        self.ended = False
        # Up already when the dialplan answered before handing the call over.
        self.answered = channel.state == "Up"
        self._digits: deque[str] = deque()
        self._changed = asyncio.Event()
        self._finished_playbacks: set[str] = set()
        self._recordings: dict[str, LiveRecording] = {}
        self.on_end: Callable[[], None] | None = None
        self._playbacks = 0
        # The playback in flight, so an apology need not queue behind a long prompt list.
        self._playing: str | None = None

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
        if self.answered:
            return
        await self._ari(self._client.answer(self.channel_id))
        self.answered = True

    async def play(self, prompts: Sequence[PromptLike], *, barge_in: bool = True) -> str | None:
        if not prompts:
            return None
        if barge_in and self._digits:
            return self._digits[0]
        playback_id = self._next_playback_id()
        media = [media_uri(p, self.language) for p in prompts]
        self._playing = playback_id
        await self._ari(self._client.play(self.channel_id, media, playback_id))
        pressed_before = len(self._digits)

        def done() -> bool:
            return playback_id in self._finished_playbacks or (
                barge_in and len(self._digits) > pressed_before
            )

        await self._wait_until(done)
        self._playing = None
        if playback_id in self._finished_playbacks:
            self._finished_playbacks.discard(playback_id)
            if not barge_in:
                # Information, not a question: keys pressed before it ended answer nothing.
                self.flush_digits()
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

    async def silence(self) -> None:
        """Stop the prompt still playing (its flow was cancelled): Asterisk would otherwise
        play whatever comes next only after the rest of it, a whole menu perhaps."""
        playing, self._playing = self._playing, None
        if playing is None or playing in self._finished_playbacks or self.ended:
            self._finished_playbacks.discard(playing or "")
            return
        with contextlib.suppress(AriError):
            await self._client.stop_playback(playing)

    async def drain_digits(self, *, quiet: float) -> None:
        # A caller who never stops pressing still gets the question again, eventually.
        give_up = asyncio.get_running_loop().time() + MAX_DRAIN_SECONDS
        while asyncio.get_running_loop().time() < give_up:
            self.flush_digits()
            if not await self._wait_until(lambda: bool(self._digits), quiet):
                return
        self.flush_digits()

    async def key_follows(self, *, within: float) -> bool:
        return await self._wait_until(lambda: bool(self._digits), within)

    async def record(
        self, name: str, *, max_seconds: float, silence_seconds: float, terminator: str = "#"
    ) -> Recording:
        self.flush_digits()
        # A hang-up ends a recording as surely as silence does, and what was said is still
        # evidence: the flow gets the recording (and learns of the hang-up at its next
        # step) instead of being cancelled with it.
        self.awaiting_end = True
        try:
            await self._ari(
                self._client.record(
                    self.channel_id,
                    name,
                    max_seconds=max_seconds,
                    silence_seconds=silence_seconds,
                    terminator=terminator,
                )
            )
            await self._wait_for(lambda: name in self._recordings or self.ended, max_seconds + 10)
            if self.ended:
                # Asterisk reports the recording's end just after the hang-up.
                await self._wait_for(lambda: name in self._recordings, RECORDING_GRACE_SECONDS)
        finally:
            self.awaiting_end = False
        finished = self._recordings.pop(name, None)
        if finished is None or finished.state == "failed":
            if self.ended:
                raise CallEnded(self.channel_id)
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

    async def ring(self) -> None:
        await self._ari(self._client.ring(self.channel_id))

    async def dial(self, number: str, *, present: str, timeout: float) -> Dialed:
        # The last check before anything leaves: the flow checked too, but a bug there must
        # still not put a number we do not own on the wire.
        if not await self._caller_id_guard(present):
            raise PresentationRefused(present)
        return await self._place(
            self._dial_endpoint.format(number=number), f'"{present}" <{present}>', timeout
        )

    async def dial_phone(self, extension: str, *, timeout: float) -> Dialed:
        # A registered phone is ours and inside the PBX: it sees the caller's own number
        # (nothing leaves through the trunk, so the caller-ID guard has no say).
        if not extension.isdigit():
            raise ValueError(f"not an extension: {extension!r}")
        number = self.caller_number or ""
        name = (self._channel.caller_name or number).replace('"', "")
        return await self._place(phone_endpoint(extension), f'"{name}" <{number}>', timeout)

    async def _place(self, endpoint: str, caller_id: str, timeout: float) -> Dialed:
        if self.ended:
            return Dialed(DialStatus.CALLER_GONE)
        leg = AriLeg(self._client, uuid.uuid4().hex, self._changed.set)
        self._legs[leg.channel_id] = leg
        self._tracker.track(leg.channel_id, leg)
        self.awaiting_end = True
        ringback: str | None = None
        try:
            if self.answered:
                # An answered caller gets no ringing from the network: play it ourselves.
                ringback = uuid.uuid4().hex
                await self._client.play(self.channel_id, [RINGBACK], ringback)
            await self._client.originate(
                endpoint,
                caller_id=caller_id,
                timeout=max(1, round(timeout)),
                app_args=f"{LEG_MARKER},{self.channel_id}",
                channel_id=leg.channel_id,
            )
            await self._wait_for(
                lambda: leg.answered or leg.ended or self.ended, timeout + DIAL_GRACE_SECONDS
            )
            if leg.answered and not leg.ended and not self.ended:
                return Dialed(DialStatus.ANSWERED, leg)
            status = DialStatus.CALLER_GONE if self.ended else leg.outcome()
            if not leg.ended and status is not DialStatus.CALLER_GONE:
                status = DialStatus.NO_ANSWER  # Asterisk never reported the end: give up
            await self._drop_leg(leg)
            return Dialed(status)
        except AriError as exc:
            log.warning("channel %s: dialing %s failed: %s", self.channel_id, endpoint, exc)
            await self._drop_leg(leg)
            return Dialed(DialStatus.CALLER_GONE if self.ended else DialStatus.FAILED)
        except BaseException:
            await asyncio.shield(self._drop_leg(leg))
            raise
        finally:
            if ringback is not None and not self.ended:
                with contextlib.suppress(AriError):
                    await asyncio.shield(self._client.stop_playback(ringback))
            self.awaiting_end = False

    async def connect(
        self, leg: Leg, *, record_as: str | None, release: asyncio.Event | None = None
    ) -> Conversation:
        return await self._bridge([self._leg(leg)], record_as, release=release)

    async def hand_over(self, leg: Leg, to: Leg, *, record_as: str | None) -> Conversation:
        return await self._bridge([self._leg(leg), self._leg(to)], record_as, drop_self=True)

    async def leave_message(self, extension: str) -> None:
        if not extension.isdigit():
            raise ValueError(f"not an extension: {extension!r}")
        # Leaving our application ends this call for us (StasisEnd): the flow must see it
        # through, not be cancelled by it, nor hang up a caller now in app_voicemail.
        self.awaiting_end = True
        try:
            await self._ari(
                self._client.continue_in_dialplan(self.channel_id, VOICEMAIL_CONTEXT, extension)
            )
            await self._wait_for(lambda: self.ended, DIAL_GRACE_SECONDS)
        finally:
            self.awaiting_end = False

    def _leg(self, leg: Leg) -> AriLeg:
        ari_leg = self._legs.get(leg.channel_id)
        if ari_leg is None:
            raise ValueError(f"{leg.channel_id} is not a leg of this call")
        return ari_leg

    async def _bridge(
        self,
        legs: list[AriLeg],
        record_as: str | None,
        *,
        release: asyncio.Event | None = None,
        drop_self: bool = False,
    ) -> Conversation:
        """Bridge this call (or, `drop_self`, only its legs, hanging this channel up) and
        record (unless `record_as` is None), until a party hangs up or `release` is set."""
        bridge_id = uuid.uuid4().hex
        first = self if not drop_self else legs[0]
        others = legs if not drop_self else legs[1:]
        self.awaiting_end = True
        started = asyncio.get_running_loop().time()
        ended_by = EndedBy.SYSTEM
        recording_started = False
        waker: asyncio.Future[Any] | None = None
        if release is not None:
            waker = asyncio.ensure_future(release.wait())
            waker.add_done_callback(lambda _: self._changed.set())

        def over() -> bool:
            return first.ended or any(leg.ended for leg in others)

        def released() -> bool:
            return release is not None and release.is_set() and not over()

        try:
            await self._client.create_bridge(bridge_id, "mixing")
            self._bridges.add(bridge_id)
            self._tracker.track(bridge_id, self)
            if record_as is not None:
                # Recording starts before anyone joins: not a word of the call goes unrecorded.
                await self._client.record_bridge(
                    bridge_id, record_as, max_seconds=MAX_RECORDING_SECONDS
                )
                recording_started = True
            await self._client.add_to_bridge(
                bridge_id, [first.channel_id, *(leg.channel_id for leg in others)]
            )
            if drop_self:
                with contextlib.suppress(AriError):
                    await self._client.hangup(self.channel_id)
                self._mark_ended()
            await self._wait_for(lambda: over() or released())
            if released():
                ended_by = EndedBy.RELEASED
            else:
                ended_by = EndedBy.CALLER if first.ended else EndedBy.CALLEE
        except AriError as exc:
            log.warning("channel %s: bridge failed: %s", self.channel_id, exc)
            ended_by = (
                EndedBy.CALLER
                if first.ended
                else EndedBy.CALLEE
                if any(leg.ended for leg in others)
                else EndedBy.SYSTEM
            )
        finally:
            if waker is not None:
                waker.cancel()
            # Still awaiting_end: hanging both sides up here must not cancel the flow,
            # which has the call's outcome to write after this returns.
            try:
                duration = await asyncio.shield(
                    self._end_bridge(
                        bridge_id,
                        record_as if recording_started else None,
                        [] if ended_by is EndedBy.RELEASED else legs,
                        hang_up=ended_by is not EndedBy.RELEASED,
                    )
                )
            finally:
                self.awaiting_end = False
        if record_as is None or not recording_started:
            return Conversation(None, ended_by)
        if duration is None:  # Asterisk did not report it in time: our own measure
            duration = asyncio.get_running_loop().time() - started
        path = str(self._recordings_dir / f"{record_as}.wav")
        return Conversation(Recording(record_as, duration, path), ended_by)

    async def cleanup(self) -> None:
        """Whatever a flow left behind (a ringing leg, a bridge) goes when the call ends."""
        for leg in list(self._legs.values()):
            await self._drop_leg(leg)
        for bridge_id in list(self._bridges):
            await self._destroy_bridge(bridge_id)

    async def _end_bridge(
        self, bridge_id: str, recording: str | None, legs: list[AriLeg], *, hang_up: bool
    ) -> float | None:
        """Stop the recording (so the file is complete), hang up both sides (unless the
        bridge was released), drop the bridge. Returns the recording's duration as
        Asterisk reports it."""
        duration: float | None = None
        if recording is not None:
            with contextlib.suppress(AriError):  # already stopped with the bridge
                await self._client.stop_recording(recording)
            await self._wait_for(lambda: recording in self._recordings, 5)
            finished = self._recordings.pop(recording, None)
            if finished is not None:
                duration = finished.duration
        for leg in legs:
            await self._drop_leg(leg)
        if hang_up:
            with contextlib.suppress(AriError):
                await self.hangup()
        await self._destroy_bridge(bridge_id)
        return duration

    async def _destroy_bridge(self, bridge_id: str) -> None:
        with contextlib.suppress(AriError):
            await self._client.destroy_bridge(bridge_id)
        self._bridges.discard(bridge_id)
        self._tracker.untrack(bridge_id)

    async def _drop_leg(self, leg: AriLeg) -> None:
        with contextlib.suppress(AriError):
            await leg.hangup()
        self._legs.pop(leg.channel_id, None)
        self._tracker.untrack(leg.channel_id)

    async def _wait_for(self, ready: Callable[[], bool], timeout: float | None = None) -> bool:
        """Like `_wait_until`, but this call ending is an answer, not an error."""
        return await self._wait(ready, timeout, end_is_error=False)

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
            if self.on_end is not None and not self.awaiting_end:
                self.on_end()

    # -- helpers --------------------------------------------------------------------
    def _next_playback_id(self) -> str:
        # Unique while it plays, which is all Asterisk asks; uuid4 costs a getrandom()
        # system call per prompt.
        self._playbacks += 1
        return f"{self.channel_id}-p{self._playbacks}"

    async def _wait_until(self, ready: Callable[[], bool], timeout: float | None = None) -> bool:
        """Wait for `ready()`; False on timeout. Raises CallEnded once the caller is gone."""
        return await self._wait(ready, timeout, end_is_error=True)

    async def _wait(
        self, ready: Callable[[], bool], timeout: float | None, *, end_is_error: bool
    ) -> bool:
        # One timer for the whole wait that wakes us like an event would: cheaper than an
        # `asyncio.timeout` context per wake-up (a heap entry and a task lookup each time,
        # several per prompt under `make bench`).
        timed_out = False
        timer: asyncio.TimerHandle | None = None
        if timeout is not None:

            def expire() -> None:
                nonlocal timed_out
                timed_out = True
                self._changed.set()

            timer = asyncio.get_running_loop().call_later(max(timeout, 0), expire)
        try:
            while not ready():
                if end_is_error and self.ended:
                    raise CallEnded(self.channel_id)
                if timed_out:
                    return False
                self._changed.clear()
                await self._changed.wait()
        finally:
            if timer is not None:
                timer.cancel()
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
