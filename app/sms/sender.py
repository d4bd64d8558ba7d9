"""Sends the SMS outbox: at once when woken, else by polling; failures back off.

Nothing is lost: a row stays pending until a gateway accepts it, across restarts. Nothing is
sent twice by us: each due row is claimed (a lease, compare-and-set) before it is sent, so
even two senders on one database never both send it, and it is marked sent right after the
gateway's 2xx; the idempotency key covers a crash between the two.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from app.sms.gateways import GatewayError, SmsGateway
from app.sms.models import OutboxSms, SmsStatus

log = logging.getLogger(__name__)


class Outbox(Protocol):
    async def claim_due(
        self, now: datetime, lease: timedelta, limit: int = 20
    ) -> list[OutboxSms]: ...
    async def mark_done(self, sms_id: int, at: datetime, status: SmsStatus) -> None: ...
    async def mark_failed(self, sms_id: int, error: str, retry_at: datetime) -> None: ...


@dataclass(frozen=True)
class Backoff:
    first: float = 5.0
    factor: float = 2.0
    most: float = 600.0

    def after(self, attempts: int) -> timedelta:
        """Delay before the next try, given how many tries failed (1 after the first)."""
        return timedelta(seconds=min(self.first * self.factor ** max(attempts - 1, 0), self.most))


class SmsSender:
    def __init__(
        self,
        outbox: Outbox,
        gateway: SmsGateway,
        clock: Callable[[], datetime],
        *,
        poll_seconds: float = 5.0,
        backoff: Backoff | None = None,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self.outbox = outbox
        self.gateway = gateway
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.backoff = backoff or Backoff()
        # Longer than one gateway request can take, so a claimed SMS is never sent twice.
        self.lease = lease
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """A new SMS is in the outbox: send it now rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="sms-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.gateway.close()

    async def run(self) -> None:
        while True:
            try:
                await self.send_due()
            except Exception:
                # A database hiccup must not end the sender: the rows are still there.
                log.exception("SMS sender pass failed; retrying")
            try:
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()

    async def send_due(self) -> int:
        """Send every due SMS once; returns how many the gateway accepted."""
        sent = 0
        for sms in await self.outbox.claim_due(self.clock(), self.lease):
            try:
                status = await self.gateway.send(sms)
            except GatewayError as exc:
                retry_at = self.clock() + self.backoff.after(sms.attempts + 1)
                log.warning("SMS %d not sent (%s); retry at %s", sms.id, exc, retry_at)
                await self.outbox.mark_failed(sms.id, str(exc), retry_at)
                continue
            await self.outbox.mark_done(sms.id, self.clock(), status)
            sent += 1
        return sent
