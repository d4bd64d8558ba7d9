"""The hotel's words: languages, classes of service, call types, voucher outcomes, and the
rooms, guests and staff the rules and flows talk about (frozen; times aware, UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class ClassOfService(IntEnum):
    """What a phone may dial; each class includes the ones below it."""

    INTERNAL = 0
    LOCAL = 1
    NATIONAL = 2
    INTERNATIONAL = 3

    @classmethod
    def named(cls, text: str) -> ClassOfService:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(c.name.lower() for c in cls)
            raise ValueError(f"class of service must be one of {names}, not {text!r}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class CallType(StrEnum):
    """The seed's three operator-assisted kinds, and a room dialling out itself."""

    IDD = "idd"
    PERSON_TO_PERSON = "person_to_person"
    COLLECT = "collect"
    DIRECT = "direct"


class VoucherStatus(StrEnum):
    OPEN = "open"  # filled in, not yet placed
    PLACING = "placing"  # the operator is on the line to the far end
    CONNECTED = "connected"  # guest and far end bridged
    CLOSED = "closed"


class VoucherOutcome(StrEnum):
    COMPLETED = "completed"
    PERSON_NOT_THERE = "person_not_there"
    CHARGE_REFUSED = "charge_refused"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    CANCELLED = "cancelled"

    @property
    def charged(self) -> bool:
        """Only a completed call can cost the guest anything (seed 002)."""
        return self is VoucherOutcome.COMPLETED


class PostingStatus(StrEnum):
    UNRATED = "unrated"  # no tariff matched: kept for the front desk, never sent
    LOCAL = "local"  # no PMS link configured: the folio is this table
    PENDING = "pending"  # waiting for the PMS link
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # shown to the operator


@dataclass(frozen=True)
class Room:
    id: int
    number: str
    extension: str
    dnd: bool
    class_of_service: ClassOfService
    message_lamp: bool


@dataclass(frozen=True)
class Guest:
    id: int
    room_number: str
    name: str
    latin_name: str
    language: Language
    privacy: bool
    checked_in_at: datetime
    departure: date | None
    checked_out_at: datetime | None
    reservation: str | None


@dataclass(frozen=True)
class Staff:
    id: int
    extension: str
    name: str
    department: str
    role: str  # operator, front_desk or staff
    class_of_service: ClassOfService
