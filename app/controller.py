"""The ARI controller and the AMI CDR listener, wired to the database, as one service."""

from __future__ import annotations

import asyncio
import gc
import logging
from datetime import UTC, datetime, timedelta

from app.config import Settings
from app.db.cdr_repository import CdrRepository
from app.db.engine import make_engine, make_sessionmaker
from app.db.evv_repository import EvvRepository
from app.db.masking_repository import MaskingRepository
from app.db.sms_repository import SmsOutbox
from app.domain.masking import DestinationRules, Limits
from app.flows.durable import drain, in_flight
from app.flows.evv import EvvLine
from app.flows.masking import MaskingConfig, MaskingLines
from app.pbx.dids import MASKING_CALLBACK_NUMBER
from app.pbx.pool import sync_pool
from app.sms.gateways import HttpJsonGateway, LogGateway, SmsGateway
from app.sms.sender import Backoff, SmsSender
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
        self.engine = make_engine(
            settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
        )
        self.sessionmaker = make_sessionmaker(self.engine)
        self.client = AriClient(
            settings.ari_url, settings.ari_user, settings.secret("ari_password"), settings.ari_app
        )
        self.evv = EvvRepository(self.sessionmaker)
        self.masking_store = MaskingRepository(self.sessionmaker)
        self.sms = SmsSender(
            SmsOutbox(self.sessionmaker),
            sms_gateway(settings),
            utc_now,
            poll_seconds=min(5.0, settings.masking.sms_retry_seconds),
            backoff=Backoff(first=settings.masking.sms_retry_seconds),
        )
        masking = MaskingLines(self.masking_store, masking_config(settings), utc_now, self.sms.wake)
        flows: dict[str, Flow] = {
            "evv": EvvLine(self.evv, utc_now),
            "masking-access": masking.access,
            "masking-callback": masking.callback,
            "masking-inbound": masking.inbound,
        }
        self.router = Router(
            self.client,
            flows,
            settings.recordings_dir,
            caller_id_guard=self.may_present,
            dial_endpoint="PJSIP/{number}@carrier",
        )
        self.events = EventStream(
            self.client, self.router.dispatch, on_connect=self._connected, rest_over_socket=True
        )
        self.cdr = CdrListener(settings, CdrRepository(self.sessionmaker))
        self._events_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[int]] = set()
        self._sweeper: asyncio.Task[None] | None = None

    async def _connected(self) -> None:
        await self.router.filter_events()
        # Channels a previous controller left in our app get an apology, not silence.
        task = asyncio.create_task(self.router.adopt_orphans())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def may_present(self, number: str) -> bool:
        """The last word on caller IDs, asked right before every dial: only the callback
        number and numbers in the owned pool may ever be presented."""
        return number == MASKING_CALLBACK_NUMBER or await self.masking_store.is_owned(number)

    async def start(self) -> None:
        # The fictitious numbers must reach the inbound flow before calls arrive.
        await sync_pool(self.settings, await self.masking_store.pool(), force=True)
        await self.cdr.start()
        self.sms.start()
        self._events_task = asyncio.create_task(self.events.run(), name="ari-events")
        self._sweeper = asyncio.create_task(self._flag_stale_call_ins(), name="stale-call-ins")
        async with asyncio.timeout(30):
            await self.events.connected.wait()
        # Everything built so far (modules, ORM mappers, the aiohttp session) lives as long
        # as the process: out of the collector's sight, full collections under load only
        # walk what calls allocate (measured with `make bench`).
        gc.freeze()

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
            "ARI: %d calls, %d messages received; requests: %d over the event socket, "
            "%d over HTTP",
            self.router.calls_started,
            self.events.received,
            self.client.websocket.sent,
            self.client.http_requests,
        )
        await self.client.close()
        await self.engine.dispose()


def masking_config(settings: Settings) -> MaskingConfig:
    masking = settings.masking
    return MaskingConfig(
        callback_number=MASKING_CALLBACK_NUMBER,
        rules=DestinationRules(
            allowed_prefixes=masking.allowed_prefixes,
            min_digits=masking.min_digits,
            max_digits=masking.max_digits,
        ),
        limits=Limits(
            max_concurrent_calls=masking.max_concurrent_calls,
            max_calls_per_window=masking.max_calls_per_hour,
            window=timedelta(hours=1),
        ),
        ring_timeout=masking.ring_timeout,
        callback_ring_timeout=masking.callback_ring_timeout,
        callback_expiry=timedelta(hours=masking.callback_expiry_hours),
        timezone=masking.timezone,
    )


def sms_gateway(settings: Settings) -> SmsGateway:
    if settings.masking.sms_url:
        return HttpJsonGateway(settings.masking.sms_url, settings.masking.sms_auth_header)
    return LogGateway()
