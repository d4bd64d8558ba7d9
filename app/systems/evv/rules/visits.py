"""Visit close-out rules: task entry, durations and the EVV exceptions. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

RESTART = "00"
MAX_TASKS = 20
# A call-out closes the caregiver's latest open call-in for the client from this window.
CALL_IN_WINDOW = timedelta(hours=24)


class VisitException(StrEnum):
    """What an auditor must review. A visit with exceptions is still a visit."""

    UNKNOWN_CALLER_NUMBER = "unknown_caller_number"
    CALL_OUT_WITHOUT_CALL_IN = "call_out_without_call_in"
    CALL_IN_NOT_CLOSED = "call_in_not_closed"
    VISIT_TOO_LONG = "visit_too_long"
    TIMES_REJECTED = "times_rejected"
    SERVICE_REJECTED = "service_rejected"
    CLIENT_NOT_VERIFIED = "client_not_verified"


class Verdict(StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class ClientVerification(StrEnum):
    RECORDED = "recorded"
    DECLINED = "declined"  # the client could not take part


class TaskEntry(StrEnum):
    TASK = "task"
    RESTART = "restart"
    INVALID = "invalid"


def classify_task_entry(entry: str, task_count: int) -> TaskEntry:
    """`00` starts task entry over, except in a single-task visit (seed 000, step 16).

    Once the last task is entered the flow moves on, so `00` cannot undo it either.
    """
    if entry == RESTART:
        return TaskEntry.RESTART if task_count > 1 else TaskEntry.INVALID
    return TaskEntry.TASK if entry.isdigit() else TaskEntry.INVALID


def valid_task_count(entry: str) -> int | None:
    if not entry.isdigit():
        return None
    count = int(entry)
    return count if 1 <= count <= MAX_TASKS else None


def max_tasks_per_visit(agency_tasks: int) -> int:
    """A visit lists each task once, so it holds at most as many as the agency has."""
    return min(MAX_TASKS, agency_tasks)


def visit_minutes(call_in_at: datetime, call_out_at: datetime) -> int:
    """Whole minutes, rounded half up, never negative."""
    seconds = max(0.0, (call_out_at - call_in_at).total_seconds())
    return int((seconds + 30) // 60)


@dataclass(frozen=True)
class CallOut:
    """What one call-out establishes for one client: the visit's end, service and tasks."""

    agency_id: int
    caregiver_id: int
    client_id: int
    ended_at: datetime
    caller_number: str | None
    location_matched: bool
    group_visit: bool
    channel_id: str
    service_id: int
    task_ids: tuple[int, ...]


def call_in_exceptions(location_matched: bool) -> frozenset[VisitException]:
    return frozenset() if location_matched else frozenset({VisitException.UNKNOWN_CALLER_NUMBER})


def call_out_exceptions(
    call_in_at: datetime | None, call_out: CallOut, max_visit_minutes: int
) -> frozenset[VisitException]:
    found = set(call_in_exceptions(call_out.location_matched))
    if call_in_at is None:
        found.add(VisitException.CALL_OUT_WITHOUT_CALL_IN)
    elif visit_minutes(call_in_at, call_out.ended_at) > max_visit_minutes:
        found.add(VisitException.VISIT_TOO_LONG)
    return frozenset(found)


def verification_exceptions(
    client: ClientVerification | None,
    times: Verdict | None,
    service: Verdict | None,
) -> frozenset[VisitException]:
    found = set()
    if client is ClientVerification.DECLINED:
        found.add(VisitException.CLIENT_NOT_VERIFIED)
    if times is Verdict.REJECTED:
        found.add(VisitException.TIMES_REJECTED)
    if service is Verdict.REJECTED:
        found.add(VisitException.SERVICE_REJECTED)
    return frozenset(found)


def is_stale_call_in(call_in_at: datetime, now: datetime, max_visit_minutes: int) -> bool:
    """An open call-in older than the agency's longest visit will never be closed."""
    return now - call_in_at > timedelta(minutes=max_visit_minutes)
