"""Where SMS go: an HTTP JSON gateway, or the log (development)."""

from __future__ import annotations

import logging
from typing import Protocol

import aiohttp

from app.sms.models import OutboxSms, SmsStatus

log = logging.getLogger(__name__)


class GatewayError(Exception):
    """The gateway did not accept the message; the sender retries later."""


class SmsGateway(Protocol):
    async def send(self, sms: OutboxSms) -> SmsStatus:
        """Hand the SMS over; returns what became of it (sent, or only logged)."""
        ...

    async def close(self) -> None: ...


class HttpJsonGateway:
    """POST {"to", "text", "id"} as JSON; any 2xx is accepted. The auth header value comes
    from config (e.g. "Bearer ..."); `Idempotency-Key` lets the gateway drop a repeat."""

    def __init__(self, url: str, auth_header: str = "", timeout: float = 10.0) -> None:
        self.url = url
        self.auth_header = auth_header
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    async def send(self, sms: OutboxSms) -> SmsStatus:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        headers = {"Idempotency-Key": sms.idempotency_key}
        if self.auth_header:
            headers["Authorization"] = self.auth_header
        body = {"to": sms.to_number, "text": sms.body, "id": sms.idempotency_key}
        try:
            async with self._session.post(self.url, json=body, headers=headers) as response:
                if not 200 <= response.status < 300:
                    text = await response.text()
                    raise GatewayError(f"HTTP {response.status}: {text[:200]}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise GatewayError(str(exc) or type(exc).__name__) from exc
        return SmsStatus.SENT

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class LogGateway:
    """Development: the SMS is written to the log. It leaves the outbox but is marked
    `logged`, so nobody mistakes it for a message the shopper received."""

    async def send(self, sms: OutboxSms) -> SmsStatus:
        log.info(
            "SMS to %s (logged, not sent: no SMS gateway configured): %s",
            sms.to_number,
            sms.body,
        )
        return SmsStatus.LOGGED

    async def close(self) -> None:
        pass
