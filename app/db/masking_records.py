"""Read models of the masked-calling repositories (frozen; times timezone-aware UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class MaskedCallRecord:
    id: int
    direction: str
    shopper_id: int
    shopper_number: str
    fictitious_number: str
    remote_number: str
    channel_id: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    outcome: str | None
    recording_path: str | None
    recording_seconds: float | None


class SmsStatus(StrEnum):
    """An outbox row's state (the sms_outbox.status column)."""

    PENDING = "pending"
    SENT = "sent"  # a gateway accepted it for delivery
    LOGGED = "logged"  # no gateway configured: written to the log, never delivered


@dataclass(frozen=True)
class OutboxSms:
    id: int
    to_number: str
    body: str
    attempts: int
    # Sent to the gateway so it can drop a repeat if we crash between its 2xx and our commit.
    idempotency_key: str
