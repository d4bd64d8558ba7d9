"""An in-memory EVV store, for unit tests of the EVV flows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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

DEMO_AGENCY = Agency(1, "Sunrise Home Care", "100200", 3, 720, "America/New_York")


@dataclass
class MemoryEvvStore:
    agency: Agency = DEMO_AGENCY
    caregivers: dict[str, Caregiver] = field(
        default_factory=lambda: {"1234": Caregiver(7, 1, "1234", "Maria Lopez")}
    )
    clients: dict[str, Client] = field(
        default_factory=lambda: {
            code: Client(int(code), 1, code, f"Client {code}", f"555000{code}")
            for code in ("1001", "1002", "1003", "1004")
        }
    )
    services: dict[str, Service] = field(
        default_factory=lambda: {
            "10": Service(10, 1, "10", "Personal care"),
            "20": Service(20, 1, "20", "Homemaker"),
        }
    )
    tasks: dict[str, Task] = field(
        default_factory=lambda: {
            code: Task(int(code), 1, code, f"Task {code}") for code in ("01", "02", "03")
        }
    )
    call_ins: list[CallIn] = field(default_factory=list)
    call_outs: list[CallOut] = field(default_factory=list)
    voices: dict[int, str] = field(default_factory=dict)
    verdicts: dict[int, dict[str, str]] = field(default_factory=dict)

    async def find_caregiver(self, code: str) -> Caregiver | None:
        return self.caregivers.get(code)

    async def get_agency(self, agency_id: int) -> Agency:
        return self.agency

    async def find_client(self, agency_id: int, code: str) -> Client | None:
        return self.clients.get(code)

    async def find_service(self, agency_id: int, code: str) -> Service | None:
        return self.services.get(code)

    async def find_task(self, agency_id: int, code: str) -> Task | None:
        return self.tasks.get(code)

    async def count_tasks(self, agency_id: int) -> int:
        return len(self.tasks)

    async def record_call_in(self, call_in: CallIn) -> int:
        self.call_ins.append(call_in)
        return len(self.call_ins)

    async def record_call_out(self, call_out: CallOut, max_visit_minutes: int) -> ClosedVisit:
        self.call_outs.append(call_out)
        matching = [c for c in self.call_ins if c.client_id == call_out.client_id]
        started = matching[-1].started_at if matching else None
        return ClosedVisit(100 + len(self.call_outs), started, call_out.ended_at)

    async def record_client_voice(self, visit_id: int, path: str, seconds: float) -> None:
        self.voices[visit_id] = path

    async def record_verification(
        self,
        visit_id: int,
        *,
        client: ClientVerification | None = None,
        times: Verdict | None = None,
        service: Verdict | None = None,
    ) -> None:
        answers = self.verdicts.setdefault(visit_id, {})
        for name, value in (("client", client), ("times", times), ("service", service)):
            if value is not None:
                answers[name] = value.value

    def with_max_clients(self, count: int) -> MemoryEvvStore:
        self.agency = replace(self.agency, max_clients=count)
        return self
