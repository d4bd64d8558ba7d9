"""The ARI controller and the AMI CDR listener, wired to the database, as one service."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from app.config import Settings
from app.db.cdr_repository import CdrRepository
from app.db.engine import make_engine, make_sessionmaker
from app.db.evv_repository import EvvRepository
from app.flows.durable import drain
from app.flows.evv import EvvLine
from app.telephony.ami.listener import CdrListener
from app.telephony.ari.client import AriClient
from app.telephony.ari.events import EventStream
from app.telephony.router import Flow, Router

log = logging.getLogger(__name__)
STALE_SWEEP_SECONDS = 300


def utc_now() -> datetime:
    return datetime.now(UTC)


class Controller:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.client = AriClient(
            settings.ari_url, settings.ari_user, settings.secret("ari_password"), settings.ari_app
        )
        self.evv = EvvRepository(self.sessionmaker)
        flows: dict[str, Flow] = {"evv": EvvLine(self.evv, utc_now)}
        self.router = Router(self.client, flows, settings.recordings_dir)
        self.events = EventStream(self.client, self.router.dispatch, on_connect=self._connected)
        self.cdr = CdrListener(settings, CdrRepository(self.sessionmaker))
        self._events_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[int]] = set()
        self._sweeper: asyncio.Task[None] | None = None

    async def _connected(self) -> None:
        # Channels a previous controller left in our app get an apology, not silence.
        task = asyncio.create_task(self.router.adopt_orphans())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def start(self) -> None:
        await self.cdr.start()
        self._events_task = asyncio.create_task(self.events.run(), name="ari-events")
        self._sweeper = asyncio.create_task(self._flag_stale_call_ins(), name="stale-call-ins")
        async with asyncio.timeout(30):
            await self.events.connected.wait()

    async def _flag_stale_call_ins(self) -> None:
        """Call-ins nobody called out of become exceptions once past the agency's limit."""
        while True:
            try:
                flagged = await self.evv.flag_stale_call_ins(utc_now())
                if flagged:
                    log.info("flagged %d call-in(s) never closed", flagged)
            except Exception:
                log.exception("could not flag stale call-ins; trying again later")
            await asyncio.sleep(STALE_SWEEP_SECONDS)

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        await self.router.shutdown()
        await drain()
        self.events.stop()
        if self._events_task is not None:
            self._events_task.cancel()
            await asyncio.gather(self._events_task, return_exceptions=True)
        await self.cdr.stop()
        await self.client.close()
        await self.engine.dispose()
