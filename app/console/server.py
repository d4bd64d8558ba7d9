"""The console's web server, started and stopped with the controller."""

from __future__ import annotations

import logging

from aiohttp import web

from app.console.events import LiveEvents

log = logging.getLogger(__name__)


class ConsoleServer:
    def __init__(self, app: web.Application, events: LiveEvents, host: str, port: int) -> None:
        self.app = app
        self.events = events
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await self._runner.cleanup()
            self._runner = None
            raise RuntimeError(
                f"the staff console cannot listen on {self.host}:{self.port} ({error.strerror}); "
                "set SWITCHBOARD_CONSOLE_PORT to a free port (0 turns the console off)"
            ) from error
        log.info("staff console at %s", self.url)

    async def stop(self) -> None:
        # Open event streams end first, or the runner waits out its timeout on each.
        self.events.end_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
