"""ORM tables. Alembic owns the schema; these classes must match the migrations
(tests/db/test_migrations.py compares them)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import UTCDateTime

# Names every constraint the same way on SQLite and PostgreSQL, so a later migration
# can drop or alter a constraint by name on both.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AgencyRow(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(32), unique=True)
    max_clients: Mapped[int] = mapped_column(Integer)
    max_visit_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(
        String(64), default="America/New_York", server_default="America/New_York"
    )


class CaregiverRow(Base):
    __tablename__ = "caregiver"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    # Unique across agencies: the caregiver is identified before the agency is known.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class ClientRow(Base):
    __tablename__ = "client"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(300))


class ServiceRow(Base):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class TaskRow(Base):
    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class VisitRow(Base):
    """One client's visit: opened by a call-in, closed by a call-out (either may be missing,
    which is an exception, not a failure)."""

    __tablename__ = "visit"
    __table_args__ = (
        # The call-out flow looks up a caregiver's open call-ins by time.
        Index("ix_visit_caregiver_id_call_in_at", "caregiver_id", "call_in_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    caregiver_id: Mapped[int] = mapped_column(ForeignKey("caregiver.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    group_visit: Mapped[bool] = mapped_column(Boolean)
    call_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    call_in_number: Mapped[str | None] = mapped_column(String(64))
    call_in_location_matched: Mapped[bool] = mapped_column(Boolean)
    call_in_channel: Mapped[str | None] = mapped_column(String(150), index=True)
    call_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    call_out_number: Mapped[str | None] = mapped_column(String(64))
    call_out_location_matched: Mapped[bool | None] = mapped_column(Boolean)
    call_out_channel: Mapped[str | None] = mapped_column(String(150), index=True)
    call_out_group_visit: Mapped[bool | None] = mapped_column(Boolean)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    client_verification: Mapped[str | None] = mapped_column(String(20))
    client_voice_path: Mapped[str | None] = mapped_column(String(500))
    client_voice_seconds: Mapped[float | None] = mapped_column(Float)
    times_verdict: Mapped[str | None] = mapped_column(String(20))
    service_verdict: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class VisitTaskRow(Base):
    __tablename__ = "visit_task"
    __table_args__ = (UniqueConstraint("visit_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"))
    position: Mapped[int] = mapped_column(Integer)


class VisitExceptionRow(Base):
    """An EVV exception an auditor must review (see app/domain/visits.py for the codes)."""

    __tablename__ = "visit_exception"
    __table_args__ = (UniqueConstraint("visit_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


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
