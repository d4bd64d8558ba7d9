"""The CDR table (every system's calls), on the shared declarative base."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utc_now
from app.db.types import UTCDateTime


class CdrRow(Base):
    """One Asterisk CDR, as cdr_manager (AMI) or cdr_csv (Master.csv) reported it.

    Times are Asterisk's local wall-clock times, naive, exactly as both backends format
    them: that keeps the idempotency key identical whichever path delivered the row.
    Lengths are unbounded because a CDR that does not fit is a CDR lost.
    """

    __tablename__ = "cdr"
    __table_args__ = (
        UniqueConstraint(
            "unique_id", "channel", "destination_channel", "start_time", name="uq_cdr_call_leg"
        ),
        CheckConstraint("origin IN ('ami', 'csv')", name="origin"),
        Index("ix_cdr_start_time", "start_time"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unique_id: Mapped[str] = mapped_column(String)
    account_code: Mapped[str] = mapped_column(String)
    source: Mapped[str] = mapped_column(String)
    destination: Mapped[str] = mapped_column(String)
    destination_context: Mapped[str] = mapped_column(String)
    caller_id: Mapped[str] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    # '' rather than NULL: NULLs never collide in a UNIQUE constraint, which would let a
    # one-legged call be inserted twice.
    destination_channel: Mapped[str] = mapped_column(String)
    last_app: Mapped[str] = mapped_column(String)
    last_data: Mapped[str] = mapped_column(String)
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    answer_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    end_time: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    duration: Mapped[int] = mapped_column(Integer)
    billable_seconds: Mapped[int] = mapped_column(Integer)
    disposition: Mapped[str] = mapped_column(String)
    ama_flags: Mapped[str] = mapped_column(String)
    user_field: Mapped[str] = mapped_column(String)
    origin: Mapped[str] = mapped_column(String(8))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
