"""EVV reference data and call-in rules. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.calls.digits import digits_of


@dataclass(frozen=True)
class Agency:
    id: int
    name: str
    account_number: str
    max_clients: int
    max_visit_minutes: int
    timezone: str


@dataclass(frozen=True)
class Caregiver:
    id: int
    agency_id: int
    code: str
    name: str


@dataclass(frozen=True)
class Client:
    id: int
    agency_id: int
    code: str
    name: str
    phone: str


@dataclass(frozen=True)
class Service:
    id: int
    agency_id: int
    code: str
    name: str


@dataclass(frozen=True)
class Task:
    id: int
    agency_id: int
    code: str
    name: str


@dataclass(frozen=True)
class ClosedVisit:
    """A call-out written: the visit it closed (or opened, with no call-in to match)."""

    visit_id: int
    call_in_at: datetime | None
    call_out_at: datetime


@dataclass(frozen=True)
class CallIn:
    """What one call-in establishes for one client: the visit's start."""

    agency_id: int
    caregiver_id: int
    client_id: int
    started_at: datetime
    caller_number: str | None
    location_matched: bool
    group_visit: bool
    channel_id: str


def location_matches(caller_number: str | None, registered_phone: str) -> bool:
    """A visit's location is the caller's number matched to the client's registered phone.

    Carriers present numbers with or without the country code, so two numbers match when
    their last ten digits do (or all digits, when either is shorter).
    """
    caller, registered = digits_of(caller_number), digits_of(registered_phone)
    if len(caller) >= 10 and len(registered) >= 10:
        return caller[-10:] == registered[-10:]
    return bool(caller) and caller == registered


def may_add_client(clients_so_far: int, max_clients: int) -> bool:
    return clients_so_far < max_clients
