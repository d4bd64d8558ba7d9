"""The operators' side of the hotel, built once per controller: the flows that reach an
operator (the main number, a room's operator code) and the services the staff console
calls (take a waiting call; see README "Hotel operator").

Console services (all `async`, on the controller's event loop):

- `OperatorServices.waiting() -> list[Offer]`: the calls waiting for an operator.
- `OperatorServices.take(offer_id, extension) -> Taken`: the operator at `extension` takes
  a waiting call; their phone rings and is connected. Of two operators taking the same
  call exactly one gets `Taken(ok=True)`; the other gets `ok=False, by=<the taker>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.calls.flow import Flow
from app.system import Platform
from app.systems.hotel.desk import Offer, OperatorDesk, Taken
from app.systems.hotel.dids import MAIN_FLOW, OPERATOR_FLOW
from app.systems.hotel.flows.hunt import Hunt
from app.systems.hotel.flows.main import MainLine
from app.systems.hotel.flows.operator import OperatorCode
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore


@dataclass(frozen=True)
class OperatorServices:
    desk: OperatorDesk

    async def waiting(self) -> list[Offer]:
        return self.desk.waiting()

    async def take(self, offer_id: str, extension: str) -> Taken:
        return self.desk.take(offer_id, extension)


@dataclass(frozen=True)
class OperatorFlows:
    flows: Mapping[str, Flow]
    services: OperatorServices


def build_operator(platform: Platform, hotel: HotelSettings, store: HotelStore) -> OperatorFlows:
    desk = OperatorDesk()

    async def registered(extensions: Sequence[str]) -> set[str]:
        presences = await platform.phone_line.presences(extensions)
        return {ext for ext, presence in presences.items() if presence.registered}

    hunt = Hunt(store, hotel, registered, desk, platform.console_events)
    flows: dict[str, Flow] = {MAIN_FLOW: MainLine(hunt), OPERATOR_FLOW: OperatorCode(hunt)}
    return OperatorFlows(flows, OperatorServices(desk))
