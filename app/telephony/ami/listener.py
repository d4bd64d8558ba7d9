"""AMI `Cdr` events in, CDR rows out. Protocol plumbing only: parsing lives in
app.cdr.record, storing and retrying in app.cdr.writer."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from panoramisk import Manager

from app.cdr.backfill import backfill_from_csv
from app.cdr.queue import CdrQueue
from app.cdr.record import from_ami_event
from app.cdr.writer import CdrStore, CdrWriter
from app.config import Settings

log = logging.getLogger(__name__)


class _Manager(Manager):  # type: ignore[misc]  # panoramisk ships no type hints
    """panoramisk's Manager, plus: no reconnect after stop(), and a refused login is
    logged (panoramisk keeps silent about it)."""

    stopped = False

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        # panoramisk schedules reconnects with call_later; one may fire after close().
        if self.stopped:
            return None
        return super().connect(*args, **kwargs)

    def login(self, future: Any) -> bool:
        authenticated = bool(super().login(future))
        if not authenticated:
            self.log.error("AMI login as %r refused", self.config.get("username"))
        return authenticated


class CdrListener:
    def __init__(
        self,
        settings: Settings,
        store: CdrStore,
        *,
        writer: CdrWriter | None = None,
        reconnect_seconds: int = 2,
    ) -> None:
        self.settings = settings
        self.store = store
        self.writer = writer or CdrWriter(store)
        self.queue = CdrQueue(self.writer)
        self.reconnect_seconds = reconnect_seconds
        self.logged_in = asyncio.Event()
        self._manager: _Manager | None = None

    async def start(self) -> None:
        """Back-fill from Master.csv, then connect; panoramisk reconnects on its own."""
        try:
            await backfill_from_csv(self.settings.cdr_csv, self.store)
        except Exception:
            # Live CDRs still matter while the database is unwell; the file stays put
            # and the next start back-fills it.
            log.exception(
                "CDR back-fill from %s failed; listening to AMI anyway", self.settings.cdr_csv
            )
        self.queue.start()
        manager = _Manager(
            loop=asyncio.get_running_loop(),
            host=self.settings.bind_address,
            port=self.settings.ports.ami,
            username=self.settings.ami_user,
            secret=self.settings.secret("ami_secret"),
            # system: so Asterisk's Shutdown event triggers a reconnect.
            events="cdr,system",
            reconnect_timeout=self.reconnect_seconds,
            log=log,
            on_connect=self._on_connect,
            on_login=self._on_login,
            on_disconnect=self._on_disconnect,
        )
        manager.register_event("Cdr", self._on_cdr)
        self._manager = manager
        manager.connect()

    async def stop(self) -> None:
        """Disconnect, then store the CDRs still queued."""
        manager, self._manager = self._manager, None
        if manager is not None:
            manager.stopped = True
            manager.close()
        self.logged_in.clear()
        await self.queue.close()

    async def _on_cdr(self, _manager: Any, event: Any) -> None:
        try:
            record = from_ami_event(event)
        except ValueError as error:
            log.error("unreadable AMI Cdr event (%s): %r", error, dict(event))
            return
        self.queue.put(record)

    def _on_connect(self, _manager: Any) -> None:
        log.info("AMI connected to %s:%d", self.settings.bind_address, self.settings.ports.ami)

    def _on_login(self, _manager: Any) -> None:
        log.info("AMI logged in as %s; listening for CDRs", self.settings.ami_user)
        self.logged_in.set()

    def _on_disconnect(self, _manager: Any, reason: Any) -> None:
        self.logged_in.clear()
        log.warning(
            "AMI connection lost (%r); reconnecting every %d s",
            reason,
            self.reconnect_seconds,
        )
