"""A second Stasis application on a test PBX, run by the platform's own router with the
test's flows, on an event loop in a thread (the test's thread pumps the SIP phones).

So a test can run a flow of its own (ring a registered phone, connect a caller to one)
through exactly the code the controller uses, without a fake system in app/.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from app.calls.flow import Flow
from app.telephony.ari.client import AriClient
from app.telephony.ari.events import EventStream
from app.telephony.phones import PhoneLine
from app.telephony.router import Router

T = TypeVar("T")


class AriApp:
    def __init__(
        self,
        ari_url: str,
        password: str,
        app: str,
        flows: Mapping[str, Flow],
        recordings: Path,
    ) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._ari_url = ari_url
        self._password = password
        self.app = app
        self._flows = dict(flows)
        self._recordings = recordings
        self._task: asyncio.Task[None] | None = None
        self.client: AriClient | None = None
        self.router: Router | None = None
        self.phone_line: PhoneLine | None = None
        self._events: EventStream | None = None

    def start(self, timeout: float = 15) -> AriApp:
        self._thread.start()
        self.call(self._start(), timeout)
        return self

    async def _start(self) -> None:
        self.client = AriClient(self._ari_url, "switchboard", self._password, self.app)
        self.router = Router(self.client, self._flows, self._recordings)
        self.phone_line = PhoneLine(self.client)
        self.phone_line.bind(self.router)
        self._events = EventStream(
            self.client, self.router.dispatch, on_connect=self.router.filter_events
        )
        self._task = asyncio.create_task(self._events.run())
        async with asyncio.timeout(10):
            await self._events.connected.wait()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        """Run on the app's loop; the test pumps SIP while it runs and reads the result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return self.submit(coroutine).result(timeout)

    def stop(self) -> None:
        async def _stop() -> None:
            if self.router is not None:
                await self.router.shutdown()
            if self._events is not None:
                self._events.stop()
            if self._task is not None:
                self._task.cancel()
                await asyncio.gather(self._task, return_exceptions=True)
            if self.client is not None:
                await self.client.close()

        self.call(_stop(), 30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
