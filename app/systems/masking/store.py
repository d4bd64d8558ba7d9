"""What the masked-calling flows need from storage. The database repository implements it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from app.systems.masking.rules import (
    MaskedCallOutcome,
    MaskedCallStart,
    Pairing,
    PendingCallback,
    Shopper,
)


class MaskingStore(Protocol):
    async def find_shopper(self, real_number: str) -> Shopper | None: ...
    async def pairings(self, shopper_id: int) -> list[Pairing]: ...
    async def owner_of(self, fictitious_number: str) -> tuple[Shopper, Pairing] | None: ...
    async def pool(self) -> set[str]: ...
    async def calls_since(self, shopper_id: int, since: datetime) -> int: ...
    async def start_call(self, start: MaskedCallStart) -> int: ...
    async def call_answered(self, call_id: int, at: datetime, recording_name: str) -> None: ...
    async def call_ended(
        self,
        call_id: int,
        at: datetime,
        outcome: MaskedCallOutcome,
        recording: tuple[str, float] | None = None,
    ) -> None: ...
    async def record_missed_call(
        self,
        shopper: Shopper,
        caller_number: str,
        fictitious_number: str,
        missed_at: datetime,
        expires_at: datetime,
        sms_text: Callable[[int], str],
    ) -> PendingCallback: ...
    async def open_callbacks(self, shopper_id: int, now: datetime) -> list[PendingCallback]: ...
    async def mark_returned(self, callback_id: int, at: datetime) -> None: ...
