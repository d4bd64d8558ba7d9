"""Read models the repositories return besides the domain's own dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class VisitRecord:
    """One stored visit row; times are timezone-aware UTC."""

    id: int
    agency_id: int
    caregiver_id: int
    client_id: int
    group_visit: bool
    call_in_at: datetime | None
    call_in_number: str | None
    location_matched: bool
    channel_id: str | None
    call_out_at: datetime | None
    created_at: datetime
    call_out_channel: str | None = None
    service_id: int | None = None
    task_ids: tuple[int, ...] = ()
    client_verification: str | None = None
    client_voice_path: str | None = None
    times_verdict: str | None = None
    service_verdict: str | None = None
    exceptions: frozenset[str] = frozenset()
