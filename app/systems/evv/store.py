"""What the EVV flows need from storage. The database repository implements it."""

from __future__ import annotations

from typing import Protocol

from app.systems.evv.rules.reference import (
    Agency,
    CallIn,
    Caregiver,
    Client,
    ClosedVisit,
    Service,
    Task,
)
from app.systems.evv.rules.visits import CallOut, ClientVerification, Verdict


class EvvStore(Protocol):
    async def find_caregiver(self, code: str) -> Caregiver | None: ...
    async def get_agency(self, agency_id: int) -> Agency: ...
    async def find_client(self, agency_id: int, code: str) -> Client | None: ...
    async def find_service(self, agency_id: int, code: str) -> Service | None: ...
    async def find_task(self, agency_id: int, code: str) -> Task | None: ...
    async def count_tasks(self, agency_id: int) -> int: ...
    async def record_call_in(self, call_in: CallIn) -> int: ...
    async def record_call_out(self, call_out: CallOut, max_visit_minutes: int) -> ClosedVisit: ...
    async def record_client_voice(self, visit_id: int, path: str, seconds: float) -> None: ...
    async def record_verification(
        self,
        visit_id: int,
        *,
        client: ClientVerification | None = None,
        times: Verdict | None = None,
        service: Verdict | None = None,
    ) -> None: ...
