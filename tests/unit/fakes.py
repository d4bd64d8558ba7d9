"""A scripted fake `Call` and an in-memory EVV store, for unit tests of flows only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.domain.evv import Agency, CallIn, Caregiver, Client, ClosedVisit, Service, Task
from app.domain.visits import CallOut, ClientVerification, Verdict
from app.flows.call import CallEnded, Prompt, PromptLike, Recording

HANGUP = object()


class FakeCall:
    """Each `read_digits` takes the next scripted entry: digits, "" (silence) or HANGUP.

    Keys of an entry beyond what the flow read stay as `leftover` (pressed at once: seen
    by `key_follows`) until flushed or drained; they never spill into the next entry."""

    def __init__(self, entries: Sequence[object], caller: str | None = "5550001001") -> None:
        self.entries = list(entries)
        self.language = "en"
        self.played: list[str] = []
        self.answered = False
        self.hung_up = False
        self._caller = caller
        # Keys of the last entry past what the flow read: still "being pressed".
        self.leftover = ""
        self.drained: list[str] = []

    @property
    def channel_id(self) -> str:
        return "fake-1"

    @property
    def caller_number(self) -> str | None:
        return self._caller

    @property
    def dialed_number(self) -> str | None:
        return "8005550100"

    async def answer(self) -> None:
        self.answered = True

    async def play(self, prompts: Sequence[PromptLike], *, barge_in: bool = True) -> str | None:
        self._check()
        for prompt in prompts:
            if isinstance(prompt, Prompt):
                self.played.append(f"{prompt.lang or self.language}/{prompt.key}")
            else:
                self.played.append(f"{self.language}/{prompt}")
        return None

    async def read_digits(
        self, *, max_digits: int, first_timeout: float, inter_timeout: float, terminator: str = "#"
    ) -> str:
        self._check()
        if not self.entries:
            raise AssertionError(f"script ran out; heard so far: {self.played}")
        entry = self.entries.pop(0)
        if entry is HANGUP:
            self.hung_up = True
            raise CallEnded("fake")
        assert isinstance(entry, str)
        self.leftover = entry[max_digits:]
        return entry[:max_digits]

    def flush_digits(self) -> None:
        self.leftover = ""

    async def drain_digits(self, *, quiet: float) -> None:
        self.drained.append(self.leftover)
        self.leftover = ""

    async def key_follows(self, *, within: float) -> bool:
        return bool(self.leftover)

    async def record(
        self, name: str, *, max_seconds: float, silence_seconds: float, terminator: str = "#"
    ) -> Recording:
        self._check()
        return Recording(name=name, duration_seconds=3.0, path=f"/tmp/{name}.wav")

    async def hangup(self) -> None:
        self.hung_up = True

    def _check(self) -> None:
        if self.hung_up:
            raise CallEnded("fake")

    def prompt_keys(self) -> list[str]:
        return [p.split("/", 1)[1] for p in self.played]


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
