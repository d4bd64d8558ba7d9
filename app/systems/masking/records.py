"""Read models of the masked-calling repositories (frozen; times timezone-aware UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class MaskedCallRecord:
    id: int
    direction: str
    shopper_id: int
    shopper_number: str
    fictitious_number: str
    remote_number: str
    channel_id: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    outcome: str | None
    recording_path: str | None
    recording_seconds: float | None
