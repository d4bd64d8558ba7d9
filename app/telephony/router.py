"""Hands each channel entering our Stasis app to its flow: one task per call.

Hangup cancels the call's task; an unexpected error plays an apology and hangs up; a call
never stays in Stasis after its flow ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from pathlib import Path
from typing import Any

from app.calls.call import CallEnded
from app.calls.flow import TECHNICAL_DIFFICULTY, Flow
from app.telephony.ari.call import AriCall, CallerIdGuard, EventSink
from app.telephony.ari.client import AriClient
from app.telephony.ari.errors import AriError
from app.telephony.ari.leg import LEG_MARKER
from app.telephony.ari.models import Channel, resource_ids_of

log = logging.getLogger(__name__)


APOLOGY = TECHNICAL_DIFFICULTY  # the flows' own apology, so a shutdown sounds the same
# Longest we wait for the apology to play before hanging up anyway.
APOLOGY_SECONDS = 30.0

# The only event types the router and AriCall act on. Asterisk is asked to send no others
# (ChannelVarset, ChannelStateChange, PlaybackStarted, ChannelDialplan, ...): each would be
# serialized by Asterisk and parsed here for nothing. A flow that needs another event type
# adds it here.
EVENT_TYPES = (
    "StasisStart",
    "StasisEnd",
    "ChannelHangupRequest",
    "ChannelDestroyed",
    "ChannelDtmfReceived",
    "PlaybackFinished",
    "RecordingFinished",
    "RecordingFailed",
    "Dial",  # an outbound leg's ringing/busy/no-answer status (AriLeg)
    "RESTResponse",  # answers to requests sent over the event socket (ws_rest)
)


async def _no_caller_ids(number: str) -> bool:
    return False


class Router:
    def __init__(
        self,
        client: AriClient,
        flows: dict[str, Flow],
        recordings_dir: Path,
        *,
        caller_id_guard: CallerIdGuard = _no_caller_ids,
        dial_endpoint: str = "PJSIP/{number}@carrier",
    ) -> None:
        self.client = client
        self.flows = flows
        self.recordings_dir = recordings_dir
        self.caller_id_guard = caller_id_guard
        self.dial_endpoint = dial_endpoint
        self.calls: dict[str, AriCall] = {}
        # Channels and bridges a call placed or built (outbound legs, bridges): their
        # events go to that call's objects; a leg never starts a flow of its own.
        self.sinks: dict[str, EventSink] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.calls_started = 0
        self.closing = False
        self._orphans: set[asyncio.Task[None]] = set()

    # Called by the event stream for every event; must not block.
    def dispatch(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "StasisStart" and event["channel"]["id"] not in self.sinks:
            self._start(event)
            return
        for resource_id in resource_ids_of(event):
            sink: EventSink | None = self.calls.get(resource_id) or self.sinks.get(resource_id)
            if sink is not None:
                sink.on_event(event)
                return

    # Tracker, for AriCall
    def track(self, resource_id: str, sink: EventSink) -> None:
        self.sinks[resource_id] = sink

    def untrack(self, resource_id: str) -> None:
        self.sinks.pop(resource_id, None)

    def start_call(self, event: dict[str, Any], *, dialed: str) -> None:
        """Run the flow an answered channel we originated names (its StasisStart), as if it
        had called `dialed`: a phone rung from no call (app/telephony/phones.py)."""
        self._start(event, dialed=dialed)

    def _start(self, event: dict[str, Any], *, dialed: str | None = None) -> None:
        channel = Channel.from_json(event["channel"])
        if dialed is not None:
            channel = dataclasses.replace(channel, exten=dialed)
        if channel.id in self.calls:
            return
        args = [str(arg) for arg in event.get("args", [])]
        flow_name = args[0] if args else ""
        if flow_name == LEG_MARKER:
            # A leg answered after the call that dialed it gave up: nobody wants it.
            log.info("channel %s: orphaned leg answered; hanging up", channel.id)
            task = asyncio.create_task(self._hang_up_quietly(channel.id))
            self._orphans.add(task)
            task.add_done_callback(self._orphans.discard)
            return
        call = AriCall(
            self.client,
            channel,
            self.recordings_dir,
            tracker=self,
            caller_id_guard=self.caller_id_guard,
            dial_endpoint=self.dial_endpoint,
        )
        self.calls[channel.id] = call
        self.calls_started += 1
        task = asyncio.create_task(self._run(call, flow_name), name=f"call-{channel.id}")
        self.tasks[channel.id] = task
        call.on_end = lambda: self._caller_gone(channel.id)

    def _caller_gone(self, channel_id: str) -> None:
        task = self.tasks.get(channel_id)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _run(self, call: AriCall, flow_name: str) -> None:
        flow = self.flows.get(flow_name)
        try:
            if flow is None:
                log.error("channel %s: no flow named %r", call.channel_id, flow_name)
                await self._apologise(call)
                return
            await flow(call)
        except (CallEnded, asyncio.CancelledError):
            if self.closing:
                await self._apologise(call)
            else:
                log.debug("channel %s: caller hung up", call.channel_id)
        except Exception:
            log.exception("channel %s: flow %s failed", call.channel_id, flow_name)
            await self._apologise(call)
        finally:
            await self._release(call)

    async def _apologise(self, call: AriCall) -> None:
        if call.ended:
            return
        try:
            if not call.answered:
                await call.answer()
            await call.silence()
            await call.play([APOLOGY], barge_in=False)
        except (CallEnded, AriError):
            pass
        except Exception:
            log.exception("channel %s: could not play the apology", call.channel_id)

    async def _hang_up_quietly(self, channel_id: str) -> None:
        with contextlib.suppress(AriError):
            await self.client.hangup(channel_id)

    async def _release(self, call: AriCall) -> None:
        with contextlib.suppress(AriError, CallEnded, asyncio.CancelledError):
            await asyncio.shield(call.cleanup())
        with contextlib.suppress(AriError, CallEnded, asyncio.CancelledError):
            await asyncio.shield(call.hangup())
        self.calls.pop(call.channel_id, None)
        self.tasks.pop(call.channel_id, None)

    async def shutdown(self) -> None:
        """Tell every caller goodbye and hang up (Ctrl-C / SIGTERM)."""
        self.closing = True
        tasks = list(self.tasks.values())
        if tasks:
            log.info("stopping: %d call(s) in progress hear the apology, then hang up", len(tasks))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if tasks:
            log.info("stopping: every call released")

    async def filter_events(self) -> None:
        """After a (re)connect: only the event types we use (see EVENT_TYPES)."""
        try:
            await self.client.filter_events(EVENT_TYPES)
        except AriError as exc:
            log.warning("could not set the ARI event filter (all events will come): %s", exc)

    async def adopt_orphans(self) -> int:
        """After a (re)connect: channels left in our app by a previous controller get the
        apology and are hung up, rather than sitting in silence."""
        try:
            channels = await self.client.list_channels()
        except AriError as exc:
            log.warning("could not list channels after connect: %s", exc)
            return 0
        orphans: list[AriCall] = []
        for channel in channels:
            if channel.id in self.calls:
                continue
            # Only channels in our application: a Stasis dialplan app with our name.
            # Channels elsewhere in the dialplan are not ours to touch.
            if not await self._in_our_app(channel.id):
                continue
            call = AriCall(self.client, channel, self.recordings_dir)
            # Registered like any call, so its playback and hangup events reach it.
            self.calls[channel.id] = call
            orphans.append(call)
        if orphans:
            log.warning(
                "found %d call(s) left over from a previous controller; apologising", len(orphans)
            )
            await asyncio.gather(*(self._dismiss(call) for call in orphans))
            log.warning("hung up %d call(s) left over from a previous controller", len(orphans))
        return len(orphans)

    async def _dismiss(self, call: AriCall) -> None:
        # A prompt the dead controller started may still be playing: Asterisk queues the
        # apology after it, hence the generous bound.
        try:
            async with asyncio.timeout(APOLOGY_SECONDS):
                await self._apologise(call)
        except TimeoutError:
            log.warning("channel %s: apology did not finish in time", call.channel_id)
        finally:
            await self._release(call)

    async def _in_our_app(self, channel_id: str) -> bool:
        try:
            body = await self.client.request("GET", f"/channels/{channel_id}")
        except AriError:
            return False
        dialplan = body.get("dialplan") or {}
        return bool(
            dialplan.get("app_name") == "Stasis"
            and str(dialplan.get("app_data", "")).startswith(self.client.app + ",")
        )
