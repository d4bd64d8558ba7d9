"""An ARI subscriber that sees everything (`subscribeAll`), from outside the controller.

Tests use it to check what callers heard and pressed, from Asterisk's own events.
Runs its own event loop in a thread; the test thread reads its event log.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from app.telephony.ari.client import basic_authorization

Event = dict[str, Any]


class AriObserver:
    def __init__(self, base_url: str, user: str, password: str, app: str = "observer") -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {"Authorization": basic_authorization(user, password)}
        self.app = app
        self.events: list[Event] = []
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._task: asyncio.Future[None] | None = None

    def start(self, timeout: float = 15) -> AriObserver:
        self._thread.start()
        self._task = asyncio.run_coroutine_threadsafe(self._read(), self._loop)
        if not self._connected.wait(timeout):
            raise AssertionError("ARI observer could not connect")
        return self

    async def _read(self) -> None:
        url = self.base_url.replace("http", "ws", 1) + "/ari/events"
        params = {"app": self.app, "subscribeAll": "true"}
        while True:
            try:
                async with (
                    aiohttp.ClientSession(headers=self.headers) as session,
                    session.ws_connect(url, params=params, heartbeat=20) as ws,
                ):
                    self._connected.set()
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.TEXT:
                            with self._lock:
                                self.events.append(json.loads(message.data))
            except (aiohttp.ClientError, OSError):
                pass
            await asyncio.sleep(0.5)

    def stop(self) -> None:
        async def cancel_reader() -> None:
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_reader(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    # -- queries (test thread) -------------------------------------------------------
    def mark(self) -> int:
        with self._lock:
            return len(self.events)

    def since(self, mark: int) -> list[Event]:
        with self._lock:
            return list(self.events[mark:])

    def wait_for(
        self, match: Callable[[Event], bool], since: int, timeout: float, pump: Callable[[], None]
    ) -> int:
        """Index of the first event from `since` on that matches; pumps the phone meanwhile."""
        deadline = time.monotonic() + timeout
        seen = since
        while time.monotonic() < deadline:
            with self._lock:
                fresh = self.events[seen:]
            for offset, event in enumerate(fresh):
                if match(event):
                    return seen + offset
            seen += len(fresh)
            pump()
        raise AssertionError(f"no matching ARI event within {timeout:.0f}s")

    def channel(self, since: int, name_prefix: str) -> str | None:
        """The first channel created since `since` whose name starts with `name_prefix`
        (e.g. "PJSIP/carrier-"): the PBX side of a test phone's call."""
        for event in self.since(since):
            if event.get("type") == "ChannelCreated":
                channel = event["channel"]
                if str(channel.get("name", "")).startswith(name_prefix):
                    return str(channel["id"])
        return None

    def prompts_played(self, channel_id: str, since: int = 0) -> list[str]:
        """Media URIs started on a channel, in order. Asterisk publishes PlaybackStarted for
        each media of a prompt list as it begins."""
        played: list[str] = []
        for event in self.since(since):
            if event.get("type") != "PlaybackStarted":
                continue
            playback = event["playback"]
            if playback.get("target_uri") == f"channel:{channel_id}":
                played.append(str(playback.get("media_uri", "")))
        return played

    def digits_received(self, channel_id: str, since: int = 0) -> str:
        return "".join(
            str(event["digit"])
            for event in self.since(since)
            if event.get("type") == "ChannelDtmfReceived" and event["channel"]["id"] == channel_id
        )
