"""The ARI controller and the AMI CDR listener, wired to the database, as one service: the
engine, the ARI client and router, CDRs and the SMS sender, and the systems it is given
(each built through the contract in app/system.py)."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from app.calls.durable import drain, in_flight
from app.calls.flow import Flow
from app.calls.store_errors import STORE_ERRORS
from app.cdr.repository import CdrRepository
from app.config import Settings
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.directory import PhoneDirectory
from app.sms.gateways import HttpJsonGateway, LogGateway, SmsGateway
from app.sms.outbox import SmsOutbox
from app.sms.sender import Backoff, SmsSender
from app.sms.settings import SmsSettings
from app.system import CallerIdGuard, Platform, System
from app.telephony.ami.listener import CdrListener
from app.telephony.ari.client import AriClient
from app.telephony.ari.events import EventStream
from app.telephony.phones import PhoneLine
from app.telephony.router import Router

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Controller:
    def __init__(self, settings: Settings, systems: Sequence[System]) -> None:
        self.settings = settings
        self.engine = make_engine(
            settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
        )
        self.sessionmaker = make_sessionmaker(self.engine)
        self.client = AriClient(
            settings.ari_url, settings.ari_user, settings.secret("ari_password"), settings.ari_app
        )
        self.sms = SmsSender(
            SmsOutbox(self.sessionmaker),
            sms_gateway(settings.sms),
            utc_now,
            poll_seconds=min(5.0, settings.sms.retry_seconds),
            backoff=Backoff(first=settings.sms.retry_seconds),
        )
        self.phones = PhoneDirectory(settings, self.sessionmaker)
        self.phone_line = PhoneLine(self.client)
        platform = Platform(
            settings, self.sessionmaker, utc_now, self.sms.wake, self.phones, self.phone_line
        )
        self.systems = [system.build(platform) for system in systems]
        flows: dict[str, Flow] = {}
        for running in self.systems:
            for name, flow in running.flows.items():
                if name in flows:
                    raise ValueError(f"two systems name a flow {name!r}")
                flows[name] = flow
        self._guards: list[CallerIdGuard] = [
            running.may_present for running in self.systems if running.may_present is not None
        ]
        self.router = Router(
            self.client,
            flows,
            settings.recordings_dir,
            caller_id_guard=self.may_present,
            dial_endpoint="PJSIP/{number}@carrier",
        )
        self.phone_line.bind(self.router)
        self.events = EventStream(
            self.client, self.router.dispatch, on_connect=self._connected, rest_over_socket=True
        )
        self.cdr = CdrListener(settings, CdrRepository(self.sessionmaker))
        self._events_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[int]] = set()
        self._system_tasks: list[asyncio.Task[None]] = []

    async def _connected(self) -> None:
        await self.router.filter_events()
        # Channels a previous controller left in our app get an apology, not silence.
        task = asyncio.create_task(self.router.adopt_orphans())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def may_present(self, number: str) -> bool:
        """The last word on caller IDs, asked right before every dial: a number may be
        presented only if a system vouches for it."""
        for guard in self._guards:
            if await guard(number):
                return True
        return False

    async def start(self) -> None:
        # The phones table is the truth: whatever Asterisk was started with is replaced by
        # it (and lamps lit as stored) before any system's start adds its own.
        try:
            await self.phones.publish(force=True)
            await self.phones.restore_lamps()
        except STORE_ERRORS:
            # Asterisk keeps the phones it was last given (the files stay); calls go on.
            log.exception("phones: the table could not be read; Asterisk keeps its last copy")
        for running in self.systems:
            if running.start is not None:
                await running.start()
        await self.cdr.start()
        self.sms.start()
        self._events_task = asyncio.create_task(self.events.run(), name="ari-events")
        self._system_tasks = [
            asyncio.create_task(task()) for running in self.systems for task in running.background
        ]
        async with asyncio.timeout(30):
            await self.events.connected.wait()
        # Everything built so far (modules, ORM mappers, the aiohttp session) lives as long
        # as the process: out of the collector's sight, full collections under load only
        # walk what calls allocate (measured with `make bench`).
        gc.freeze()

    async def stop(self) -> None:
        for task in self._system_tasks:
            task.cancel()
        await self.router.shutdown()
        if in_flight():
            log.info("stopping: waiting for %d database write(s) to finish", in_flight())
        await drain()
        self.events.stop()
        if self._events_task is not None:
            self._events_task.cancel()
            await asyncio.gather(self._events_task, return_exceptions=True)
        await self.sms.stop()
        await self.cdr.stop()
        log.info(
            "ARI: %d calls, %d messages received; requests: %d over the event socket, %d over HTTP",
            self.router.calls_started,
            self.events.received,
            self.client.websocket.sent,
            self.client.http_requests,
        )
        await self.client.close()
        await self.engine.dispose()


def sms_gateway(settings: SmsSettings) -> SmsGateway:
    if settings.url:
        return HttpJsonGateway(settings.url, settings.auth_header)
    return LogGateway()
