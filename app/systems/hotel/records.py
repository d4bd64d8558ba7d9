"""Read models of the hotel repository (frozen; times aware, UTC; money in minor units)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.systems.hotel.rules.checkout import VacatedRoom
from app.systems.hotel.rules.stay import ClassOfService, Guest, Language


@dataclass(frozen=True)
class CheckIn:
    room: str
    name: str
    language: Language
    latin_name: str = ""  # worked out from the name (pinyin) when not given
    privacy: bool = False
    class_of_service: ClassOfService = ClassOfService.INTERNATIONAL
    departure: date | None = None
    reservation: str | None = None
    source: str = "cli"  # cli, console, pms


@dataclass(frozen=True)
class CheckedOut:
    guest: Guest
    vacated: VacatedRoom
    wakeups_cancelled: int


@dataclass(frozen=True)
class VoucherDraft:
    """What the operator fills in (seed 002's telephone voucher); the caller's name and
    room are prefilled from the room's guest when left empty."""

    room: str
    destination: str
    call_type: str
    operator_name: str
    operator_extension: str
    recipient_name: str = ""
    city_name: str = ""
    city_code: str = ""
    caller_name: str = ""


@dataclass(frozen=True)
class Voucher:
    id: int
    room_number: str
    guest_id: int
    caller_name: str
    hotel_number: str
    city_name: str
    city_code: str
    recipient_name: str
    destination: str
    call_type: str
    operator_name: str
    operator_extension: str
    status: str
    outcome: str | None
    created_at: datetime
    placed_at: datetime | None
    connected_at: datetime | None
    ended_at: datetime | None
    seconds: int | None
    charge: int | None
    charge_note: str | None
    posting_id: int | None


@dataclass(frozen=True)
class ChargeRequest:
    """A call to charge to a room. `posting_key` names the call (a voucher, a direct
    call's channel): posting it again returns the first posting."""

    posting_key: str
    room: str
    destination: str
    call_type: str
    seconds: int
    call_at: datetime
    person_reached: bool = True
    # The guest in the room when the call began (a check-out mid-call still charges them).
    guest_id: int | None = None


@dataclass(frozen=True)
class Posting:
    id: int
    posting_key: str
    room_number: str
    guest_id: int
    guest_name: str
    reservation: str | None
    amount: int
    currency: str
    description: str
    destination: str
    call_type: str
    seconds: int
    call_at: datetime
    status: str
    pms_status: str | None
    pms_text: str | None
    answered_at: datetime | None


@dataclass(frozen=True)
class StaffCall:
    id: int
    call_key: str
    extension: str
    name: str
    department: str
    destination: str
    placed_by: str
    started_at: datetime
    seconds: int
    cost: int
    rated: bool


@dataclass(frozen=True)
class WakeUp:
    id: int
    room_number: str
    extension: str
    guest_id: int | None
    language: Language
    time_of_day: str
    daily: bool
    state: str
    due_at: datetime
    attempts: int


@dataclass(frozen=True)
class PmsMessage:
    id: int
    direction: str
    kind: str
    body: str
    status: str
    posting_id: int | None
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
