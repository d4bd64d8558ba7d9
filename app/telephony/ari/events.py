"""The `/ari/events` WebSocket, kept open with reconnect and backoff.

Events are handed to a synchronous dispatcher that only files them (O(1), never awaits),
so a slow flow can never stall the reader.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import orjson

from app.telephony.ari.client import AriClient

log = logging.getLogger(__name__)

Dispatch = Callable[[dict[str, Any]], None]
OnConnect = Callable[[], Awaitable[None]]


class EventStream:
    def __init__(
        self,
        client: AriClient,
        dispatch: Dispatch,
        *,
        on_connect: OnConnect | None = None,
        subscribe_all: bool = False,
        rest_over_socket: bool = False,
        min_backoff: float = 0.25,
        max_backoff: float = 8.0,
    ) -> None:
        self.client = client
        self.dispatch = dispatch
        self.on_connect = on_connect
        self.subscribe_all = subscribe_all
        self.rest_over_socket = rest_over_socket
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.connected = asyncio.Event()
        self.connections = 0
        self.received = 0
        self._stopping = False

    async def run(self) -> None:
        """Read events until `stop()`, reconnecting whenever Asterisk goes away."""
        backoff = self.min_backoff
        while not self._stopping:
            try:
                await self._read_once()
                backoff = self.min_backoff
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                if self._stopping:
                    break
                self.connected.clear()
                log.warning("ARI events unavailable (%s); retrying in %.1fs", exc, backoff)
            if self._stopping:
                break
            await asyncio.sleep(backoff * (1 + random.random() / 4))
            backoff = min(backoff * 2, self.max_backoff)

    async def _read_once(self) -> None:
        params = {"app": self.client.app, "subscribeAll": str(self.subscribe_all).lower()}
        url = self.client.base_url.replace("http", "ws", 1) + "/events"
        async with self.client.session().ws_connect(
            url, params=params, heartbeat=20, max_msg_size=0
        ) as ws:
            self.connections += 1
            log.info(
                "ARI events connected (app %s, connection %d)", self.client.app, self.connections
            )
            self.connected.set()
            if self.on_connect is not None:
                # Over HTTP: this socket's responses are only read once the loop below runs.
                await self.on_connect()
            if self.rest_over_socket:
                self.client.websocket.attach(ws)
            try:
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.TEXT:
                        self._deliver(message.data)
                    elif message.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSED):
                        break
            finally:
                if self.rest_over_socket:
                    self.client.websocket.detach()
        self.connected.clear()
        if not self._stopping:
            log.warning("ARI events connection closed by Asterisk")

    def _deliver(self, raw: str) -> None:
        self.received += 1
        try:
            event = orjson.loads(raw)
        except orjson.JSONDecodeError:
            log.error("unparseable ARI event: %.200s", raw)
            return
        kind = event.get("type")
        if kind == "RESTResponse":
            self.client.websocket.on_response(event)
            return
        try:
            self.dispatch(event)
        except Exception:
            # A bug in one handler must not take the event stream down for every call.
            log.exception("ARI event handler failed on %s", kind)

    def stop(self) -> None:
        self._stopping = True
