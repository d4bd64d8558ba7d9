"""The SMS outbox table. A system writes a row in the transaction that creates its reason,
so a message can't be lost; the sender claims, sends and marks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utc_now
from app.db.types import UTCDateTime


class SmsOutboxRow(Base):
    """An SMS to send. Written in the transaction that creates its reason (today a masked
    call's pending callback, the one reason the schema names), so it can't be lost; unique
    per callback, so it can't be queued twice."""

    __tablename__ = "sms_outbox"
    __table_args__ = (
        # 'logged': no gateway was configured, the SMS only went to the log (migration 0004).
        CheckConstraint("status IN ('pending', 'sent', 'logged')", name="status"),
        Index("ix_sms_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_number: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(String(480))
    pending_callback_id: Mapped[int | None] = mapped_column(
        ForeignKey("pending_callback.id", ondelete="SET NULL"), unique=True
    )
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


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
