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
    # Caller and operator are talking: the console may put the caller through.
    connected: bool = False
    transfer: PutThrough | None = None
    _taken: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    released: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

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

    def put_through(self, job: PutThrough) -> bool:
        """Hand the caller to the flow to put through; False while one is under way or
        the caller is not with an operator."""
        if not self.connected or self.transfer is not None:
            return False
        self.transfer = job
        self.released.set()
        return True

    def next_transfer(self) -> PutThrough | None:
        job, self.transfer = self.transfer, None
        self.released = asyncio.Event()
        return job


@dataclass
class PutThrough:
    """A transfer the console asked for: ring `extension` (or go to its voicemail) and
    say how it went on `result`."""

    extension: str
    to_voicemail: bool
    ring_seconds: int
    result: asyncio.Future[str] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def done(self, status: str) -> None:
        if not self.result.done():
            self.result.set_result(status)


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

    def talking_with(self, extension: str) -> Offer | None:
        """The caller the operator at `extension` is talking to now, if any (the latest)."""
        talking = [o for o in self._offers.values() if o.taken_by == extension and o.connected]
        return talking[-1] if talking else None

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
