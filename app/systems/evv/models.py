"""EVV tables (seed 000): agencies, their reference data, visits and their exceptions.
Migrations 0001 and 0002 build them; tests/db/platform/test_migrations.py checks these
classes match."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
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
    """An EVV exception an auditor must review (the codes: app/systems/evv/rules/visits.py)."""

    __tablename__ = "visit_exception"
    __table_args__ = (UniqueConstraint("visit_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
