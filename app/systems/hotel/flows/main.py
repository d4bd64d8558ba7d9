"""The hotel's main number until the operator flows land (issue 13 item 2): answered and
hung up, so the number is live under `make run` and reaches no other system's flow."""

from __future__ import annotations

from app.calls.call import Call
from app.calls.flow import guarded
from app.systems.hotel.store import HotelStore


class MainLine:
    def __init__(self, store: HotelStore) -> None:
        # The operator flows will look the caller's room and guest up through it.
        self.store = store

    async def __call__(self, call: Call) -> None:
        async def nothing_yet() -> None:
            return None

        await guarded(call, nothing_yet, store="hotel")
