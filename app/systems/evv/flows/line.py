"""The EVV line (seed 000): language, caregiver, group question, call in / call out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.calls.call import Call, NoInput, Prompt
from app.calls.dialogs import Rejected, ask, choose
from app.calls.durable import durable
from app.calls.flow import guarded

# The menu offers every language in the platform's order: key N is the Nth (seed 000).
from app.calls.speech import LANGUAGES, say_time
from app.systems.evv.flows.call_out import CallOutDialogue
from app.systems.evv.rules.reference import (
    CallIn,
    Caregiver,
    Client,
    location_matches,
    may_add_client,
)
from app.systems.evv.store import EvvStore

CAREGIVER_ID_DIGITS = 10
CLIENT_ID_DIGITS = 10


@dataclass(frozen=True)
class EvvLine:
    store: EvvStore
    clock: Callable[[], datetime]

    async def __call__(self, call: Call) -> None:
        await guarded(call, lambda: self.run(call), store="EVV")

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
        started_at = await self._announce_time(call, agency.timezone)

        async def write(client: Client) -> None:
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

        await self._for_each_client(call, agency.id, agency.max_clients, write)

    async def call_out(self, call: Call, caregiver: Caregiver, group_visit: bool) -> None:
        """Every client entered on this call shares the one call-out time."""
        agency = await self.store.get_agency(caregiver.agency_id)
        ended_at = await self._announce_time(call, agency.timezone)
        dialogue = CallOutDialogue(self.store, call, agency, caregiver, group_visit, ended_at)
        await self._for_each_client(call, agency.id, agency.max_clients, dialogue.close_visit)

    async def _announce_time(self, call: Call, timezone: str) -> datetime:
        now = self.clock()
        local = now.astimezone(ZoneInfo(timezone))
        await call.play([*say_time(local.time(), call.language), "evv-received"])
        return now

    async def _for_each_client(
        self,
        call: Call,
        agency_id: int,
        max_clients: int,
        handle: Callable[[Client], Awaitable[None]],
    ) -> None:
        """Client IDs until the caller hangs up (or goes quiet) or the agency's maximum."""
        entered: list[int] = []

        async def lookup(code: str) -> Client | None:
            client = await self.store.find_client(agency_id, code)
            if client is not None and client.id in entered:
                raise Rejected(["evv-client-already-entered"])
            return client

        while may_add_client(len(entered), max_clients):
            prompt = "evv-next-client" if entered else "evv-first-client"
            try:
                client = await ask(call, [prompt], lookup, max_digits=CLIENT_ID_DIGITS)
            except NoInput:
                if not entered:
                    raise
                break  # visits so far are saved; silence here means "done"
            await handle(client)
            entered.append(client.id)
        await call.play(["goodbye-thanks"], barge_in=False)
