"""The EVV line (seed 000): language, caregiver, group question, call in / call out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from app.calls.call import Call, NoInput, Prompt, PromptLike
from app.calls.dialogs import Rejected, ask, choose
from app.calls.durable import durable
from app.calls.flow import TECHNICAL_DIFFICULTY, TOO_MANY_ATTEMPTS, guarded
from app.calls.languages import LineLanguages
from app.calls.speech import say_time
from app.systems.evv.flows.call_out import INVALID_CHOICE, CallOutDialogue
from app.systems.evv.rules.reference import (
    CallIn,
    Caregiver,
    Client,
    location_matches,
    may_add_client,
)
from app.systems.evv.settings import EVV_LANGUAGES
from app.systems.evv.store import EvvStore

CAREGIVER_ID_DIGITS = 10
CLIENT_ID_DIGITS = 10


@dataclass
class Progress:
    """What one call has done so far, for what its goodbye may honestly say."""

    language_chosen: bool = False
    saved: int = 0  # visits written (call-ins, or call-outs whose client was handled)


@dataclass(frozen=True)
class EvvLine:
    store: EvvStore
    clock: Callable[[], datetime]
    languages: LineLanguages = field(default_factory=lambda: LineLanguages(EVV_LANGUAGES))

    async def __call__(self, call: Call) -> None:
        progress = Progress()

        def too_many_attempts() -> list[PromptLike]:
            if progress.language_chosen:
                return [TOO_MANY_ATTEMPTS]
            # Before a language is chosen, in every language offered.
            return [Prompt(TOO_MANY_ATTEMPTS, lang) for lang in self.languages.offered]

        def apology() -> list[PromptLike]:
            # Writes are single transactions, so nothing partial is left behind, and visits
            # written before the failure stay: only then may the caller be told so.
            return [TECHNICAL_DIFFICULTY, *(["evv-entries-saved"] if progress.saved else [])]

        await guarded(
            call,
            lambda: self.run(call, progress),
            store="EVV",
            too_many_attempts=too_many_attempts,
            apology=apology,
        )

    async def run(self, call: Call, progress: Progress | None = None) -> None:
        progress = progress or Progress()
        await self._choose_language(call)
        progress.language_chosen = True
        caregiver = await ask(
            call,
            ["evv-welcome"],
            self.store.find_caregiver,
            max_digits=CAREGIVER_ID_DIGITS,
            invalid="evv-invalid-id",
        )
        group_visit = (
            await choose(call, ["evv-group-question"], "12", invalid=INVALID_CHOICE) == "1"
        )
        if await choose(call, ["evv-in-or-out"], "12", invalid=INVALID_CHOICE) == "1":
            await self.call_in(call, caregiver, group_visit, progress)
        else:
            await self.call_out(call, caregiver, group_visit, progress)

    async def _choose_language(self, call: Call) -> None:
        """The line's languages in its configured order, key N the Nth (seed 000: 1 English
        … 6 Arabic); a line offering one language asks nothing."""
        offered = self.languages.offered
        call.language = self.languages.default
        if len(offered) == 1:
            return
        options = [Prompt("language-option", lang) for lang in offered]
        menu = self.languages.menu_keys
        key = await choose(call, options, menu, invalid=INVALID_CHOICE, languages=offered)
        call.language = offered[menu.index(key)]

    async def call_in(
        self, call: Call, caregiver: Caregiver, group_visit: bool, progress: Progress
    ) -> None:
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

        await self._for_each_client(call, agency.id, agency.max_clients, write, progress)

    async def call_out(
        self, call: Call, caregiver: Caregiver, group_visit: bool, progress: Progress
    ) -> None:
        """Every client entered on this call shares the one call-out time."""
        agency = await self.store.get_agency(caregiver.agency_id)
        ended_at = await self._announce_time(call, agency.timezone)
        dialogue = CallOutDialogue(self.store, call, agency, caregiver, group_visit, ended_at)
        await self._for_each_client(
            call, agency.id, agency.max_clients, dialogue.close_visit, progress
        )

    async def _announce_time(self, call: Call, timezone: str) -> datetime:
        now = self.clock()
        local = now.astimezone(ZoneInfo(timezone))
        # The time is evidence the caller must hear: no key cuts it off or skips it.
        await call.play([*say_time(local.time(), call.language), "evv-received"], barge_in=False)
        return now

    async def _for_each_client(
        self,
        call: Call,
        agency_id: int,
        max_clients: int,
        handle: Callable[[Client], Awaitable[None]],
        progress: Progress,
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
                client = await ask(
                    call, [prompt], lookup, max_digits=CLIENT_ID_DIGITS, invalid="evv-invalid-id"
                )
            except NoInput:
                if not entered:
                    raise
                break  # visits so far are saved; silence here means "done"
            await handle(client)
            entered.append(client.id)
            progress.saved += 1
        await call.play(["goodbye-thanks"], barge_in=False)
