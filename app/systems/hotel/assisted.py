"""Operator-assisted calls in progress: what the console asked of each (call the room
back, close with an outcome), between the console's services (vouchers.py) and the flow
on the operator's phone (flows/assisted.py). In memory, like the calls themselves."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from app.systems.hotel.records import Voucher

CALL_ROOM = "call_room"


def _future() -> asyncio.Future[str]:
    return asyncio.get_running_loop().create_future()


@dataclass
class AssistedCall:
    voucher: Voucher
    room_extension: str
    # Set when the console asks something of the call (see `ask`).
    released: asyncio.Event = field(default_factory=asyncio.Event)
    request: str | None = None
    # How calling the room back went (answered, busy, no-answer, ...).
    room_result: asyncio.Future[str] = field(default_factory=_future)
    # The voucher's outcome once it is closed.
    closed: asyncio.Future[str] = field(default_factory=_future)

    def ask(self, request: str) -> bool:
        """CALL_ROOM or an outcome's value; False while another request is under way."""
        if self.request is not None or self.closed.done():
            return False
        if request == CALL_ROOM and self.room_result.done():
            self.room_result = _future()
        self.request = request
        self.released.set()
        return True

    def next_request(self) -> str | None:
        request, self.request = self.request, None
        self.released = asyncio.Event()
        return request

    def room_answered(self, status: str) -> None:
        if not self.room_result.done():
            self.room_result.set_result(status)

    def close(self, outcome: str) -> None:
        self.room_answered("closed")
        if not self.closed.done():
            self.closed.set_result(outcome)


class AssistedCalls:
    def __init__(self) -> None:
        self._by_operator: dict[str, AssistedCall] = {}

    def start(self, extension: str, call: AssistedCall) -> bool:
        """False when that operator is already placing a call."""
        if extension in self._by_operator:
            return False
        self._by_operator[extension] = call
        return True

    def for_operator(self, extension: str) -> AssistedCall | None:
        return self._by_operator.get(extension)

    def for_voucher(self, voucher_id: int) -> AssistedCall | None:
        for call in self._by_operator.values():
            if call.voucher.id == voucher_id:
                return call
        return None

    def finish(self, extension: str) -> None:
        self._by_operator.pop(extension, None)
