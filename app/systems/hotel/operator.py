"""The operators' side of the hotel, built once per controller: the flows that reach an
operator (the main number, a room's operator code) and the services the staff console
calls (take a waiting call, put it through; the vouchers' in vouchers.py).

Console services (all `async`, on the controller's event loop):

- `OperatorServices.waiting() -> list[Offer]`: the calls waiting for an operator.
- `OperatorServices.take(offer_id, extension) -> Taken`: the operator at `extension` takes
  a waiting call; their phone rings and is connected. Of two operators taking the same
  call exactly one gets `Taken(ok=True)`; the other gets `ok=False, by=<the taker>`.
- `OperatorServices.find_guests(query) -> list[Guest]`: by room, name, pinyin or Latin name.
- `OperatorServices.talking_with(extension) -> Offer | None`: the caller that operator is
  talking to now (what the console's *put through* acts on).
- `OperatorServices.transfer(offer_id, room) -> Transfer`: put the caller an operator is
  talking to through to a room. `Transfer.status` is `answered`, `busy` (caller and
  operator are back together), `voicemail` (no answer or DND: the caller is in the room's
  voicemail), `refused` (privacy: never rung), `vacant`, `caller_gone`, or `not_connected`
  (no operator is talking to that caller); `scripts` are the seed's words, zh and en,
  for the operator to say. A room that does not exist raises `UnknownRoom`.
  `to_voicemail=True` leaves the caller in the room's voicemail without ringing it (the
  operator offered to take a message after a busy room; privacy still refuses).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.calls.dialing import DialStatus
from app.calls.flow import Flow
from app.system import Platform
from app.systems.hotel.assisted import AssistedCalls
from app.systems.hotel.desk import Offer, OperatorDesk, PutThrough, Taken
from app.systems.hotel.dids import ASSISTED_FLOW, MAIN_FLOW, OPERATOR_FLOW
from app.systems.hotel.flows.assisted import AssistedLine
from app.systems.hotel.flows.hunt import Hunt
from app.systems.hotel.flows.main import MainLine
from app.systems.hotel.flows.operator import OperatorCode
from app.systems.hotel.flows.transfer import BUSY, VOICEMAIL
from app.systems.hotel.rules.stay import Guest
from app.systems.hotel.rules.transfer import (
    RingResult,
    Route,
    Script,
    after_ringing,
    plan_transfer,
)
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore
from app.systems.hotel.vouchers import VoucherServices


@dataclass(frozen=True)
class Transfer:
    status: str
    scripts: tuple[Script, ...] = ()


@dataclass(frozen=True)
class OperatorServices:
    desk: OperatorDesk
    store: HotelStore
    hotel: HotelSettings

    async def waiting(self) -> list[Offer]:
        return self.desk.waiting()

    async def take(self, offer_id: str, extension: str) -> Taken:
        return self.desk.take(offer_id, extension)

    async def find_guests(self, query: str) -> list[Guest]:
        return await self.store.find_guests(query)

    async def talking_with(self, extension: str) -> Offer | None:
        return self.desk.talking_with(extension)

    async def transfer(
        self, offer_id: str, room_number: str, *, to_voicemail: bool = False
    ) -> Transfer:
        room = await self.store.room(room_number)
        guest = await self.store.in_house(room.number)
        plan = plan_transfer(
            room, guest, by_operator=True, ring_seconds=self.hotel.transfer_ring_seconds
        )
        if plan.route is Route.REFUSE:
            return Transfer("refused", plan.scripts)
        if plan.route is Route.VACANT:
            return Transfer("vacant", plan.scripts)
        offer = self.desk.get(offer_id)
        voicemail = to_voicemail or plan.route is Route.VOICEMAIL
        job = PutThrough(room.extension, voicemail, plan.ring_seconds)
        if offer is None or not offer.put_through(job):
            return Transfer("not_connected")
        status = await job.result
        if status == BUSY:
            return Transfer(status, after_ringing(RingResult.BUSY).scripts)
        if status == VOICEMAIL:
            return Transfer(status, after_ringing(RingResult.NO_ANSWER).scripts)
        return Transfer(status)


@dataclass(frozen=True)
class OperatorFlows:
    flows: Mapping[str, Flow]
    services: OperatorServices
    vouchers: VoucherServices


def build_operator(platform: Platform, hotel: HotelSettings, store: HotelStore) -> OperatorFlows:
    desk = OperatorDesk()

    async def registered(extensions: Sequence[str]) -> set[str]:
        presences = await platform.phone_line.presences(extensions)
        return {ext for ext, presence in presences.items() if presence.registered}

    async def ring(extension: str, flow: str, timeout: float, caller_id: str) -> DialStatus:
        return await platform.phone_line.ring(
            extension, flow=flow, timeout=timeout, caller_id=caller_id
        )

    hunt = Hunt(store, hotel, registered, desk, platform.console_events)
    assisted = AssistedCalls()
    flows: dict[str, Flow] = {
        MAIN_FLOW: MainLine(hunt),
        OPERATOR_FLOW: OperatorCode(hunt),
        ASSISTED_FLOW: AssistedLine(
            store, hotel, assisted, platform.clock, platform.console_events
        ),
    }
    return OperatorFlows(
        flows,
        OperatorServices(desk, store, hotel),
        VoucherServices(store, hotel, assisted, ring, platform.clock),
    )
