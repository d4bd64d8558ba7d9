"""A tiny HTTP JSON SMS gateway on 127.0.0.1 for tests: records every POST it accepts."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from aiohttp import web


class SmsGatewayStub:
    def __init__(self, *, fail_first: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.attempts = 0
        self.fail_first = fail_first
        self.port = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self._lock:
            self.attempts += 1
            if self.attempts <= self.fail_first:
                return web.json_response({"error": "try later"}, status=503)
            self.received.append({"headers": dict(request.headers), **body})
        return web.json_response({"status": "queued"}, status=202)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/sms", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    def start(self) -> SmsGatewayStub:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def fail_next(self, count: int) -> None:
        """The next `count` requests get 503, as a gateway having a bad minute would."""
        with self._lock:
            self.fail_first = self.attempts + count

    def attempts_so_far(self) -> int:
        with self._lock:
            return self.attempts

    def messages_to(self, number: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.received if m.get("to") == number]

    def wait_for(self, number: str, count: int, timeout: float = 15) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages_to(number)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{count} SMS to {number} expected; got {self.messages_to(number)}")
