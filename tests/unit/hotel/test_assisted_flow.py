"""The assisted-call flow and the voucher services over the fake call: the outcomes the
operator marks, a far end that does not answer, a room that does not answer its call
back, an operator who does not answer or is busy already."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime
from typing import cast

import pytest

from app.calls.dialing import DialStatus
from app.systems.hotel.assisted import AssistedCalls
from app.systems.hotel.flows.assisted import AssistedLine
from app.systems.hotel.records import Voucher
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.stay import ClassOfService, Room, VoucherOutcome
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore
from app.systems.hotel.vouchers import VoucherServices
from tests.harness.fake_call import FakeCall

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
VOUCHER = Voucher(
    7, "102", 1, "John Smith", "2150550200", "London", "44", "Mr Brown", "00442071234567",
    "idd", "王芳", "2001", "open", None, NOW, None, None, None, None, None, None, None,
)  # fmt: skip


class Vouchers:
    def __init__(self) -> None:
        self.current = VOUCHER
        self.steps: list[str] = []

    async def voucher(self, voucher_id: int) -> Voucher:
        return self.current

    async def room(self, number: str) -> Room:
        return Room(1, number, number, False, ClassOfService.INTERNATIONAL, False)

    async def voucher_placed(self, voucher_id: int, now: datetime) -> Voucher:
        self.steps.append("placed")
        return self.current

    async def voucher_connected(self, voucher_id: int, now: datetime) -> Voucher:
        self.steps.append("connected")
        return self.current

    async def close_voucher(
        self, voucher_id: int, outcome: VoucherOutcome, now: datetime
    ) -> Voucher:
        if self.current.status != "closed":
            self.steps.append(f"closed {outcome.value}")
            self.current = dataclasses.replace(self.current, status="closed", outcome=outcome)
        return self.current


def build(
    ring_status: DialStatus = DialStatus.ANSWERED,
) -> tuple[VoucherServices, AssistedLine, Vouchers]:
    vouchers = Vouchers()
    store = cast(HotelStore, vouchers)
    calls = AssistedCalls()
    hotel = HotelSettings()
    rings: list[str] = []

    async def ring(extension: str, flow: str, timeout: float, caller_id: str) -> DialStatus:
        rings.append(extension)
        return ring_status

    services = VoucherServices(store, hotel, calls, ring, lambda: NOW)
    line = AssistedLine(store, hotel, calls, lambda: NOW, lambda kind, body: None)
    return services, line, vouchers


async def operator_call(
    services: VoucherServices, line: AssistedLine, outcomes: list[DialStatus], held: int
) -> tuple[FakeCall, asyncio.Future[None]]:
    assert await services.place(VOUCHER.id) == "placing"
    call = FakeCall([], caller="", dialed="2001", outcomes=outcomes)
    call.held = held
    running = asyncio.ensure_future(line(call))
    for _ in range(100):
        if call.connected:
            break
        await asyncio.sleep(0)
    return call, running


async def test_person_not_there_releases_the_far_end_and_closes_uncharged() -> None:
    services, line, vouchers = build()
    call, running = await operator_call(services, line, [DialStatus.ANSWERED], held=1)
    assert call.dials == [("00442071234567", "2150550200", 45)]
    closed = await services.mark_outcome(VOUCHER.id, "person_not_there")
    await running
    assert closed.outcome == "person_not_there"
    assert vouchers.steps == ["placed", "closed person_not_there"]
    assert call.hung_up


async def test_a_room_not_answering_its_call_back_returns_to_the_far_end() -> None:
    services, line, vouchers = build()
    outcomes = [DialStatus.ANSWERED, DialStatus.NO_ANSWER, DialStatus.ANSWERED]
    call, running = await operator_call(services, line, outcomes, held=2)
    assert await services.call_room_back(VOUCHER.id) == "no-answer"
    for _ in range(100):  # the operator is back with the far end
        if len(call.connected) == 2:
            break
        await asyncio.sleep(0)
    assert await services.call_room_back(VOUCHER.id) == "answered"
    await running
    assert call.handed_over == [("leg-1", "phone-102")]
    assert vouchers.steps == ["placed", "connected", "closed completed"]


async def test_a_far_end_that_does_not_answer_closes_the_voucher_as_such() -> None:
    services, line, vouchers = build()
    call, running = await operator_call(services, line, [DialStatus.NO_ANSWER], held=0)
    await running
    assert vouchers.steps == ["placed", "closed no_answer"]
    assert call.connected == []


async def test_an_operator_hanging_up_on_the_far_end_cancels_the_voucher() -> None:
    services, line, vouchers = build()
    _, running = await operator_call(services, line, [DialStatus.ANSWERED], held=0)
    await running
    assert vouchers.steps == ["placed", "closed cancelled"]
    assert await services.call_room_back(VOUCHER.id) == "not_connected"


async def test_an_operator_who_does_not_answer_places_nothing() -> None:
    services, _, vouchers = build(DialStatus.NO_ANSWER)
    assert await services.place(VOUCHER.id) == "operator_no_answer"
    assert vouchers.steps == []
    # The voucher is still open: it can be placed again, and closed without a call.
    closed = await services.mark_outcome(VOUCHER.id, "charge_refused")
    assert closed.outcome == "charge_refused"


async def test_an_operator_already_placing_a_call_is_told() -> None:
    services, _, _ = build()
    assert await services.place(VOUCHER.id) == "placing"
    assert await services.place(VOUCHER.id) == "operator_busy"


async def test_a_completed_outcome_cannot_be_marked_by_hand() -> None:
    services, _, _ = build()
    with pytest.raises(HotelError, match="guest's conversation"):
        await services.mark_outcome(VOUCHER.id, "completed")
