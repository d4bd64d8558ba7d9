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
    call_in_at: datetime
    call_in_number: str | None
    location_matched: bool
    channel_id: str
    call_out_at: datetime | None
    created_at: datetime
