"""EVV call-out for one client (seed 000, steps 12-21): service, tasks, the client's voice
and the client's verification of the times and the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.calls.call import Call, NoInput, PromptLike
from app.calls.dialogs import ATTEMPTS, Rejected, ask, choose
from app.calls.durable import durable
from app.calls.speech import say_count, say_digits, say_number, say_time
from app.systems.evv.rules.reference import (
    Agency,
    Caregiver,
    Client,
    ClosedVisit,
    Service,
    Task,
    location_matches,
)
from app.systems.evv.rules.visits import (
    CallOut,
    ClientVerification,
    TaskEntry,
    Verdict,
    classify_task_entry,
    max_tasks_per_visit,
    valid_task_count,
    visit_minutes,
)
from app.systems.evv.store import EvvStore

# What a key outside a menu's choices hears, on every EVV menu.
INVALID_CHOICE = "evv-invalid-choice"
SERVICE_DIGITS = 6
TASK_DIGITS = 4
VOICE_MAX_SECONDS = 20
VOICE_SILENCE_SECONDS = 3
REPLAYS = 3


class StartOver:
    """The caregiver pressed `00` during task entry."""


@dataclass(frozen=True)
class CallOutDialogue:
    store: EvvStore
    call: Call
    agency: Agency
    caregiver: Caregiver
    group_visit: bool
    ended_at: datetime

    async def close_visit(self, client: Client) -> None:
        service = await self.ask_service()
        tasks = await self.ask_tasks()
        closed = await durable(
            self.store.record_call_out(
                CallOut(
                    agency_id=self.agency.id,
                    caregiver_id=self.caregiver.id,
                    client_id=client.id,
                    ended_at=self.ended_at,
                    caller_number=self.call.caller_number,
                    location_matched=location_matches(self.call.caller_number, client.phone),
                    group_visit=self.group_visit,
                    channel_id=self.call.channel_id,
                    service_id=service.id,
                    task_ids=tuple(task.id for task in tasks),
                ),
                self.agency.max_visit_minutes,
            )
        )
        await self.call.play(
            ["you-entered", *say_count(len(tasks), "task", self.call.language, case="acc")],
            barge_in=False,
        )
        if await choose(self.call, ["evv-record-or-skip"], "12", invalid=INVALID_CHOICE) == "2":
            await durable(
                self.store.record_verification(closed.visit_id, client=ClientVerification.DECLINED)
            )
            return
        await self.client_verifies(closed, service)

    async def ask_service(self) -> Service:
        """Service ID, read back: 1 accepts, 2 enters it again."""
        for _ in range(ATTEMPTS):
            service = await ask(
                self.call,
                ["evv-enter-service"],
                lambda code: self.store.find_service(self.agency.id, code),
                max_digits=SERVICE_DIGITS,
                invalid="evv-invalid-id",
            )
            await self.call.play(
                ["you-entered", *say_digits(service.code, self.call.language)], barge_in=False
            )
            if (
                await choose(self.call, ["evv-accept-or-retry"], "12", invalid=INVALID_CHOICE)
                == "1"
            ):
                return service
        raise NoInput("service never accepted")

    async def ask_tasks(self) -> list[Task]:
        """Number of tasks, then each task ID, read back; `00` starts over."""
        prompt = "evv-enter-task-count"
        most = max_tasks_per_visit(await self.store.count_tasks(self.agency.id))

        async def task_count(entry: str) -> int | None:
            # More than the agency has is a rule to name, not a typo to read back.
            if int(entry) > most:
                raise Rejected(["evv-too-many-tasks", *say_number(most, self.call.language)])
            return valid_task_count(entry)

        for _ in range(ATTEMPTS):
            count = await ask(
                self.call, [prompt], task_count, max_digits=2, invalid="evv-invalid-number"
            )
            tasks = await self._enter_tasks(count)
            if tasks is not None:
                return tasks
            prompt = "evv-starting-over"
        raise NoInput("task entry restarted too often")

    async def _enter_tasks(self, count: int) -> list[Task] | None:
        async def lookup(code: str) -> Task | StartOver | None:
            kind = classify_task_entry(code, count)
            if kind is TaskEntry.RESTART:
                return StartOver()
            if kind is TaskEntry.INVALID:
                return None
            task = await self.store.find_task(self.agency.id, code)
            if task is not None and any(task.id == t.id for t in tasks):
                raise Rejected(["evv-task-already-entered"])
            return task

        tasks: list[Task] = []
        while len(tasks) < count:
            entry: Task | StartOver = await ask(
                self.call,
                ["evv-enter-task"],
                lookup,
                max_digits=TASK_DIGITS,
                invalid="evv-invalid-id",
            )
            if isinstance(entry, StartOver):
                return None
            tasks.append(entry)
            await self.call.play(
                ["you-entered", *say_digits(entry.code, self.call.language)], barge_in=False
            )
        return tasks

    async def client_verifies(self, closed: ClosedVisit, service: Service) -> None:
        """The client says name and date (recorded), then confirms the times and service.
        Each answer is stored as it is given; a prompt that cannot apply is skipped."""
        await self.call.play(["evv-client-say-name"], barge_in=False)
        recording = await self.call.record(
            f"evv-visit-{closed.visit_id}",
            max_seconds=VOICE_MAX_SECONDS,
            silence_seconds=VOICE_SILENCE_SECONDS,
        )
        await durable(
            self.store.record_client_voice(
                closed.visit_id, recording.path, recording.duration_seconds
            )
        )
        if closed.call_in_at is not None:
            times = await self.ask_verdict(self._times_prompts(closed.call_in_at), replay=True)
            if times is not None:
                await durable(self.store.record_verification(closed.visit_id, times=times))
        service_prompts: list[PromptLike] = [
            "evv-service-provided",
            *say_digits(service.code, self.call.language),
            "evv-confirm-or-reject",
        ]
        verdict = await self.ask_verdict(service_prompts, replay=False)
        if verdict is not None:
            await durable(self.store.record_verification(closed.visit_id, service=verdict))

    def _times_prompts(self, call_in_at: datetime) -> list[PromptLike]:
        zone = ZoneInfo(self.agency.timezone)
        lang = self.call.language
        minutes = visit_minutes(call_in_at, self.ended_at)
        return [
            "evv-call-in-at",
            *say_time(call_in_at.astimezone(zone).time(), lang),
            "evv-call-out-at",
            *say_time(self.ended_at.astimezone(zone).time(), lang),
            "evv-total-duration",
            *say_count(minutes, "minute", lang),
            "evv-confirm-reject-replay",
        ]

    async def ask_verdict(self, prompts: list[PromptLike], *, replay: bool) -> Verdict | None:
        """1 confirms, 2 rejects, 3 (where offered) replays; None if the client never decides."""
        for _ in range(REPLAYS + 1):
            key = await choose(
                self.call, prompts, "123" if replay else "12", invalid=INVALID_CHOICE
            )
            if key == "1":
                return Verdict.CONFIRMED
            if key == "2":
                return Verdict.REJECTED
        return None
