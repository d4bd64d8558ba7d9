"""The EVV line (seed 000): language, caregiver, group question, call in / call out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from app.domain.evv import Agency, CallIn, Caregiver, Client, location_matches, may_add_client
from app.domain.speech import say_time
from app.flows.call import Call, NoInput, Prompt
from app.flows.dialogs import Rejected, ask, choose
from app.flows.durable import durable

LANGUAGES = ("en", "es", "ru", "so", "zh", "ar")
CAREGIVER_ID_DIGITS = 10
CLIENT_ID_DIGITS = 10


class EvvStore(Protocol):
    async def find_caregiver(self, code: str) -> Caregiver | None: ...
    async def get_agency(self, agency_id: int) -> Agency: ...
    async def find_client(self, agency_id: int, code: str) -> Client | None: ...
    async def record_call_in(self, call_in: CallIn) -> int: ...


@dataclass(frozen=True)
class EvvLine:
    store: EvvStore
    clock: Callable[[], datetime]

    async def __call__(self, call: Call) -> None:
        await call.answer()
        try:
            await self.run(call)
        except NoInput:
            await call.play(["too-many-attempts"], barge_in=False)
        await call.hangup()

    async def run(self, call: Call) -> None:
        options = [Prompt("language-option", lang) for lang in LANGUAGES]
        call.language = LANGUAGES[int(await choose(call, options, "123456")) - 1]
        caregiver = await ask(
            call, ["evv-welcome"], self.store.find_caregiver, max_digits=CAREGIVER_ID_DIGITS
        )
        group_visit = await choose(call, ["evv-group-question"], "12") == "1"
        if await choose(call, ["evv-in-or-out"], "12") == "1":
            await self.call_in(call, caregiver, group_visit)
        else:
            await self.call_out(call, caregiver, group_visit)

    async def call_in(self, call: Call, caregiver: Caregiver, group_visit: bool) -> None:
        """Every client entered on this call shares the one call-in time."""
        agency = await self.store.get_agency(caregiver.agency_id)
        started_at = self.clock()
        local = started_at.astimezone(ZoneInfo(agency.timezone))
        await call.play([*say_time(local.time(), call.language), "evv-received"])
        entered: list[int] = []

        async def lookup(code: str) -> Client | None:
            client = await self.store.find_client(agency.id, code)
            if client is not None and client.id in entered:
                raise Rejected(["evv-client-already-entered"])
            return client

        while may_add_client(len(entered), agency):
            prompt = "evv-next-client" if entered else "evv-first-client"
            try:
                client = await ask(call, [prompt], lookup, max_digits=CLIENT_ID_DIGITS)
            except NoInput:
                if not entered:
                    raise
                break  # visits so far are saved; silence here means "done"
            await durable(
                self.store.record_call_in(
                    CallIn(
                        agency_id=agency.id,
                        caregiver_id=caregiver.id,
                        client_id=client.id,
                        started_at=started_at,
                        caller_number=call.caller_number,
                        location_matched=location_matches(call.caller_number, client.phone),
                        group_visit=group_visit,
                        channel_id=call.channel_id,
                    )
                )
            )
            entered.append(client.id)
        await call.play(["goodbye-thanks"], barge_in=False)

    async def call_out(self, call: Call, caregiver: Caregiver, group_visit: bool) -> None:
        await call.play(["evv-call-out-unavailable"], barge_in=False)
