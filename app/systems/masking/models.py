"""Masked calling tables (seed 001), on the shared `Base` (app/db/base.py).

Migrations 0003 and 0005 build them; tests/db/platform/test_migrations.py checks these
classes match them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utc_now
from app.db.types import UTCDateTime


class ShopperRow(Base):
    """A mystery shopper, known by the real number they call from."""

    __tablename__ = "shopper"
    # A language code as the catalogue names it (cs, en); which ones the line offers is its
    # setting, so the column holds any code of two or three lowercase letters.
    __table_args__ = (
        CheckConstraint("length(language) BETWEEN 2 AND 3 AND lower(language) = language",
                        name="language"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    real_number: Mapped[str] = mapped_column(String(32), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Migration 0005: existing shoppers (all Czech, seed 001) became "cs".
    language: Mapped[str] = mapped_column(String(8), server_default="cs")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class FictitiousNumberRow(Base):
    """A number the operator owns and may present as a caller ID (the pool)."""

    __tablename__ = "fictitious_number"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PairingRow(Base):
    """Shopper ↔ fictitious number. A fictitious number belongs to one shopper at a time,
    so a call back to it rings exactly one phone."""

    __tablename__ = "pairing"
    __table_args__ = (UniqueConstraint("shopper_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shopper.id", ondelete="CASCADE"))
    fictitious_number_id: Mapped[int] = mapped_column(
        ForeignKey("fictitious_number.id", ondelete="CASCADE"), unique=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PendingCallbackRow(Base):
    """A call to a fictitious number the shopper missed; returned through the callback
    number by its order number."""

    __tablename__ = "pending_callback"
    __table_args__ = (UniqueConstraint("shopper_id", "order_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shopper.id", ondelete="CASCADE"))
    order_number: Mapped[int] = mapped_column(Integer)
    caller_number: Mapped[str] = mapped_column(String(32))
    fictitious_number: Mapped[str] = mapped_column(String(32))
    missed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MaskedCallRow(Base):
    """One masked call: outbound (shopper → destination), inbound (a call back to a
    fictitious number) or return (shopper returning a pending callback)."""

    __tablename__ = "masked_call"
    __table_args__ = (
        CheckConstraint("direction IN ('outbound', 'inbound', 'return')", name="direction"),
        # Rate limits count a shopper's recent calls.
        Index("ix_masked_call_shopper_id_started_at", "shopper_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(10))
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shopper.id", ondelete="CASCADE"))
    fictitious_number: Mapped[str] = mapped_column(String(32))
    remote_number: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(150), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    recording_name: Mapped[str | None] = mapped_column(String(200))
    recording_path: Mapped[str | None] = mapped_column(String(500))
    recording_seconds: Mapped[float | None] = mapped_column(Float)
    pending_callback_id: Mapped[int | None] = mapped_column(
        ForeignKey("pending_callback.id", ondelete="SET NULL")
    )
