"""The hotel switchboard's tables (seed 002), on the shared `Base` (app/db/base.py).

Migration 0007 builds them; tests/db/platform/test_migrations.py checks these classes match
it. Money is whole minor units (fen); times are aware UTC.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utc_now
from app.db.types import UTCDateTime

COS_CHECK = "class_of_service IN ('internal', 'local', 'national', 'international')"


class RoomRow(Base):
    """A guest room and its phone. DND, class of service and the message lamp are the
    phone's state (what the PMS's RE record and the room's feature codes set)."""

    __tablename__ = "hotel_room"
    __table_args__ = (CheckConstraint(COS_CHECK, name="class_of_service"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    extension: Mapped[str] = mapped_column(String(10), unique=True)
    floor: Mapped[int | None] = mapped_column(Integer)
    dnd: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    class_of_service: Mapped[str] = mapped_column(
        String(16), default="internal", server_default="internal"
    )
    message_lamp: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class GuestRow(Base):
    """A stay: who is (or was) in a room. One guest in house per room at a time."""

    __tablename__ = "hotel_guest"
    __table_args__ = (
        CheckConstraint("language IN ('zh', 'en')", name="language"),
        Index(
            "uq_hotel_guest_in_house_room",
            "room_id",
            unique=True,
            sqlite_where=text("checked_out_at IS NULL"),
            postgresql_where=text("checked_out_at IS NULL"),
        ),
        Index("ix_hotel_guest_reservation", "reservation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("hotel_room.id"))
    reservation: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    latin_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2))
    privacy: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    departure: Mapped[date | None] = mapped_column(Date)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(10))


class StaffRow(Base):
    """A staff extension: the operators, the front desk and the departments' phones."""

    __tablename__ = "hotel_staff"
    __table_args__ = (
        CheckConstraint("role IN ('operator', 'front_desk', 'staff')", name="role"),
        CheckConstraint(COS_CHECK, name="class_of_service"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    extension: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    class_of_service: Mapped[str] = mapped_column(String(16))


class TariffRow(Base):
    __tablename__ = "hotel_tariff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    per_minute: Mapped[int] = mapped_column(Integer)
    minimum: Mapped[int] = mapped_column(Integer)
    idd_surcharge: Mapped[int] = mapped_column(Integer)
    person_to_person_surcharge: Mapped[int] = mapped_column(Integer)


class FolioPostingRow(Base):
    """A charge to a guest's folio. `posting_key` names the call it is for, so posting the
    same call again (a retry, a restart) finds this row instead of adding one."""

    __tablename__ = "hotel_folio_posting"
    __table_args__ = (
        CheckConstraint(
            "status IN ('unrated', 'local', 'pending', 'accepted', 'rejected')", name="status"
        ),
        Index("ix_hotel_folio_posting_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_key: Mapped[str] = mapped_column(String(120), unique=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("hotel_room.id"))
    guest_id: Mapped[int] = mapped_column(ForeignKey("hotel_guest.id"))
    amount: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str] = mapped_column(String(32))
    call_type: Mapped[str] = mapped_column(String(20))
    seconds: Mapped[int] = mapped_column(Integer)
    call_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10))
    pms_status: Mapped[str | None] = mapped_column(String(10))
    pms_text: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class VoucherRow(Base):
    """The seed's telephone voucher (电话凭证) for an operator-assisted outside call."""

    __tablename__ = "hotel_voucher"
    __table_args__ = (
        CheckConstraint("call_type IN ('idd', 'person_to_person', 'collect')", name="call_type"),
        CheckConstraint("status IN ('open', 'placing', 'connected', 'closed')", name="status"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('completed', 'person_not_there', "
            "'charge_refused', 'no_answer', 'busy', 'cancelled')",
            name="outcome",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("hotel_room.id"))
    guest_id: Mapped[int] = mapped_column(ForeignKey("hotel_guest.id"))
    caller_name: Mapped[str] = mapped_column(String(200))
    room_number: Mapped[str] = mapped_column(String(10))
    hotel_number: Mapped[str] = mapped_column(String(32))
    city_name: Mapped[str] = mapped_column(String(100))
    city_code: Mapped[str] = mapped_column(String(20))
    recipient_name: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str] = mapped_column(String(32))
    call_type: Mapped[str] = mapped_column(String(20))
    operator_name: Mapped[str] = mapped_column(String(200))
    operator_extension: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    connected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seconds: Mapped[int | None] = mapped_column(Integer)
    charge: Mapped[int | None] = mapped_column(Integer)
    charge_note: Mapped[str | None] = mapped_column(String(200))
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("hotel_folio_posting.id"))


class StaffCallRow(Base):
    """The seed's staff long-distance log (长话登记表): direct or operator-placed."""

    __tablename__ = "hotel_staff_call"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_key: Mapped[str] = mapped_column(String(120), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("hotel_staff.id"))
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100))
    destination: Mapped[str] = mapped_column(String(32))
    placed_by: Mapped[str] = mapped_column(String(10))  # direct or operator
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seconds: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer)
    rated: Mapped[bool] = mapped_column(Boolean)


class WakeUpRow(Base):
    __tablename__ = "hotel_wakeup"
    __table_args__ = (
        CheckConstraint(
            "state IN ('scheduled', 'ringing', 'done', 'failed', 'cancelled')", name="state"
        ),
        Index("ix_hotel_wakeup_state_due_at", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("hotel_room.id"))
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("hotel_guest.id"))
    time_of_day: Mapped[str] = mapped_column(String(4))  # HHMM, the hotel's wall clock
    daily: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(10))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A claimed call is the controller's until then; after a crash it is due again.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    set_by: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PmsMessageRow(Base):
    """The PMS queue, both ways. Inbound records are stored before they are applied;
    outbound ones wait here until the link delivers them (a posting: until the PMS's
    answer arrives), so nothing is lost while the link is down."""

    __tablename__ = "hotel_pms_message"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        CheckConstraint("status IN ('pending', 'done', 'failed')", name="status"),
        Index(
            "ix_hotel_pms_message_direction_status_next_attempt_at",
            "direction",
            "status",
            "next_attempt_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    # One outbound PS per posting, whatever the retries.
    posting_id: Mapped[int | None] = mapped_column(
        ForeignKey("hotel_folio_posting.id"), unique=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


TABLES: tuple[type[Base], ...] = (
    RoomRow,
    GuestRow,
    StaffRow,
    TariffRow,
    FolioPostingRow,
    VoucherRow,
    StaffCallRow,
    WakeUpRow,
    PmsMessageRow,
)
