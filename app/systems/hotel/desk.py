"""The operators' desk: the calls waiting for an operator right now, and who took each.

A call is offered while the flow hunts the operators' phones; an operator may also take it
from the console. Taking is a compare-and-set on one event loop: of two operators grabbing
the same call exactly one gets it, and the other learns who did. The desk lives in the
controller's memory because the calls do: a restart drops the calls, and the offers with
them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class Offer:
    """A caller waiting for an operator: what the console shows of them."""

    id: str  # the caller's channel
    caller: str
    outside: bool
    room: str = ""
    guest: str = ""
    language: str = ""
    taken_by: str = ""
    _taken: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def body(self) -> Mapping[str, object]:
        return {
            "offer": self.id,
            "caller": self.caller,
            "outside": self.outside,
            "room": self.room,
            "guest": self.guest,
            "language": self.language,
        }

    async def wait_taken(self) -> str:
        await self._taken.wait()
        return self.taken_by


@dataclass(frozen=True)
class Taken:
    """The answer to an operator taking a call: `ok`, or someone else has it (`by`)."""

    ok: bool
    by: str = ""
    gone: bool = False  # no such call waiting (it ended, or was never offered)


class OperatorDesk:
    def __init__(self) -> None:
        self._offers: dict[str, Offer] = {}

    def offer(self, offer: Offer) -> Offer:
        self._offers[offer.id] = offer
        return offer

    def waiting(self) -> list[Offer]:
        return [offer for offer in self._offers.values() if not offer.taken_by]

    def get(self, offer_id: str) -> Offer | None:
        return self._offers.get(offer_id)

    def take(self, offer_id: str, extension: str) -> Taken:
        """No await between the check and the set: nothing else runs in between."""
        offer = self._offers.get(offer_id)
        if offer is None:
            return Taken(False, gone=True)
        if offer.taken_by:
            return Taken(offer.taken_by == extension, offer.taken_by)
        offer.taken_by = extension
        offer._taken.set()
        return Taken(True, extension)

    def give_back(self, offer_id: str, extension: str) -> None:
        """The operator who took the call did not answer their phone: offer it again."""
        offer = self._offers.get(offer_id)
        if offer is not None and offer.taken_by == extension:
            offer.taken_by = ""
            offer._taken = asyncio.Event()

    def close(self, offer_id: str) -> None:
        self._offers.pop(offer_id, None)
