"""The SMS sender: sends due messages, backs off on failure, never marks a failure sent;
the HTTP JSON gateway's request and its refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from app.sms.gateways import GatewayError, HttpJsonGateway, LogGateway
from app.sms.models import OutboxSms, SmsStatus
from app.sms.sender import Backoff, SmsSender

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class MemoryOutbox:
    def __init__(self, *messages: OutboxSms) -> None:
        self.pending = {m.id: m for m in messages}
        self.retry_at: dict[int, datetime] = {}
        self.sent: list[int] = []
        self.status: dict[int, SmsStatus] = {}
        self.errors: list[str] = []

    async def claim_due(self, now: datetime, lease: timedelta, limit: int = 20) -> list[OutboxSms]:
        due = [m for m in self.pending.values() if self.retry_at.get(m.id, now) <= now][:limit]
        for message in due:
            self.retry_at[message.id] = now + lease
        return due

    async def mark_done(self, sms_id: int, at: datetime, status: SmsStatus) -> None:
        self.sent.append(sms_id)
        self.status[sms_id] = status
        del self.pending[sms_id]

    async def mark_failed(self, sms_id: int, error: str, retry_at: datetime) -> None:
        message = self.pending[sms_id]
        self.pending[sms_id] = OutboxSms(
            message.id,
            message.to_number,
            message.body,
            message.attempts + 1,
            message.idempotency_key,
        )
        self.retry_at[sms_id] = retry_at
        self.errors.append(error)


class FlakyGateway:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.delivered: list[OutboxSms] = []

    async def send(self, sms: OutboxSms) -> SmsStatus:
        if self.failures:
            self.failures -= 1
            raise GatewayError("HTTP 503: busy")
        self.delivered.append(sms)
        return SmsStatus.SENT

    async def close(self) -> None:
        pass


def sms(sms_id: int = 1) -> OutboxSms:
    return OutboxSms(sms_id, "602111222", "Missed call", 0, f"switchboard-sms-{sms_id}")


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 5), (2, 10), (3, 20), (20, 600)])
def test_backoff_doubles_up_to_a_ceiling(attempts: int, seconds: float) -> None:
    assert Backoff(first=5, factor=2, most=600).after(attempts) == timedelta(seconds=seconds)


async def test_failures_are_retried_with_backoff_until_sent_once() -> None:
    clock = [NOW]
    outbox = MemoryOutbox(sms())
    gateway = FlakyGateway(failures=2)
    sender = SmsSender(outbox, gateway, lambda: clock[0], backoff=Backoff(first=5))
    assert await sender.send_due() == 0
    assert outbox.retry_at[1] == NOW + timedelta(seconds=5)
    assert await sender.send_due() == 0, "not due yet: nothing is tried"
    assert gateway.failures == 1
    clock[0] = NOW + timedelta(seconds=5)
    assert await sender.send_due() == 0
    assert outbox.retry_at[1] == clock[0] + timedelta(seconds=10)
    clock[0] += timedelta(seconds=10)
    assert await sender.send_due() == 1
    assert outbox.sent == [1] and len(gateway.delivered) == 1
    assert outbox.status == {1: SmsStatus.SENT}
    assert await sender.send_due() == 0, "a sent SMS is never sent again"
    assert outbox.errors == ["HTTP 503: busy", "HTTP 503: busy"]


async def test_an_sms_only_written_to_the_log_is_marked_logged_not_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = MemoryOutbox(sms())
    sender = SmsSender(outbox, LogGateway(), lambda: NOW)
    with caplog.at_level("INFO", logger="app.sms.gateways"):
        assert await sender.send_due() == 1
    assert outbox.status == {1: SmsStatus.LOGGED}
    assert "SMS to 602111222 (logged, not sent: no SMS gateway configured)" in caplog.text


async def test_wake_sends_without_waiting_for_the_poll() -> None:
    import asyncio

    outbox = MemoryOutbox()
    gateway = FlakyGateway(failures=0)
    sender = SmsSender(outbox, gateway, lambda: NOW, poll_seconds=60)
    sender.start()
    await asyncio.sleep(0.05)
    outbox.pending[7] = sms(7)
    sender.wake()
    for _ in range(50):
        if outbox.sent:
            break
        await asyncio.sleep(0.02)
    await sender.stop()
    assert outbox.sent == [7]


async def test_http_gateway_posts_json_with_auth_and_idempotency_key() -> None:
    seen: list[dict[str, Any]] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append({"headers": dict(request.headers), "body": await request.json()})
        status = 202 if len(seen) == 1 else 500
        return web.json_response({}, status=status)

    app = web.Application()
    app.router.add_post("/sms", handle)
    async with TestServer(app, host="127.0.0.1") as server:
        gateway = HttpJsonGateway(str(server.make_url("/sms")), "Bearer secret")
        try:
            assert await gateway.send(sms()) is SmsStatus.SENT
            with pytest.raises(GatewayError, match="HTTP 500"):
                await gateway.send(sms())
        finally:
            await gateway.close()
    assert seen[0]["body"] == {"to": "602111222", "text": "Missed call", "id": "switchboard-sms-1"}
    assert seen[0]["headers"]["Authorization"] == "Bearer secret"
    assert seen[0]["headers"]["Idempotency-Key"] == "switchboard-sms-1"


async def test_unreachable_gateway_is_a_gateway_error() -> None:
    gateway = HttpJsonGateway("http://127.0.0.1:9/sms", timeout=2)
    try:
        with pytest.raises(GatewayError):
            await gateway.send(sms())
    finally:
        await gateway.close()
