"""Putting an outside caller through to a room, over the fake call: answered (the
operator drops out), busy (back to the operator, the seed's words), no answer and DND (the
room's voicemail), privacy (never rung, the scripted answers)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

from app.calls.dialing import DialStatus
from app.systems.hotel.desk import OperatorDesk
from app.systems.hotel.flows.hunt import Hunt
from app.systems.hotel.flows.main import MainLine
from app.systems.hotel.operator import OperatorServices, Transfer
from app.systems.hotel.rules.errors import UnknownRoom
from app.systems.hotel.rules.stay import ClassOfService, Guest, Language, Room, Staff
from app.systems.hotel.rules.transfer import BUSY, NO_ANSWER, NOT_REGISTERED
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore
from tests.harness.fake_call import FakeCall

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ROOM = Room(1, "102", "102", False, ClassOfService.INTERNATIONAL, False)
GUEST = Guest(1, "102", "John Smith", "John Smith", Language.EN, False, NOW, None, None, None)


class Hotel:
    def __init__(self, room: Room = ROOM, guest: Guest | None = GUEST) -> None:
        self.the_room, self.guest = room, guest

    async def room(self, number: str) -> Room:
        if number != self.the_room.number:
            raise UnknownRoom(number)
        return self.the_room

    async def in_house(self, room: str) -> Guest | None:
        return self.guest

    async def staff_by_extension(self, extension: str) -> Staff | None:
        return Staff(1, extension, "王芳", "总机", "operator", ClassOfService.INTERNATIONAL)

    async def find_guests(self, query: str) -> list[Guest]:
        return [self.guest] if self.guest and query in self.guest.name else []


def setup(hotel: Hotel) -> tuple[Hunt, OperatorServices]:
    async def registered(extensions: Sequence[str]) -> set[str]:
        return set(extensions)

    settings = HotelSettings(operator_extensions=("2001",), transfer_ring_seconds=20)
    store = cast(HotelStore, hotel)
    desk = OperatorDesk()
    return (
        Hunt(store, settings, registered, desk, lambda kind, body: None),
        OperatorServices(desk, store, settings),
    )


async def transfer(
    outcomes: list[DialStatus], hotel: Hotel | None = None, held: int = 1
) -> tuple[FakeCall, Transfer]:
    hunt, services = setup(hotel or Hotel())
    call = FakeCall([], caller="13912345678", outcomes=[DialStatus.ANSWERED, *outcomes])
    call.held = held
    running = asyncio.ensure_future(MainLine(hunt)(call))
    for _ in range(100):  # until the operator is talking to the caller
        offers = list(hunt.desk._offers.values())
        if offers and offers[0].connected:
            break
        await asyncio.sleep(0)
    result = await services.transfer(call.channel_id, "102")
    if result.status == "busy":
        # Back with the operator, who tells them and hangs up.
        await asyncio.sleep(0)
        call.hung_up = True
        hunt.desk._offers[call.channel_id].released.set()
    await asyncio.wait_for(running, 5)
    return call, result


async def test_an_answered_transfer_connects_caller_and_guest() -> None:
    call, result = await transfer([DialStatus.ANSWERED])
    assert result == Transfer("answered")
    assert call.phone_dials == [("2001", 15), ("102", 20)]
    assert call.connected == [None, None]  # operator, then the guest; neither recorded


async def test_a_busy_room_is_told_in_the_seeds_words_and_the_caller_is_back() -> None:
    call, result = await transfer([DialStatus.BUSY], held=2)
    assert result.status == "busy"
    assert result.scripts == (BUSY,)
    assert call.connected[:2] == [None, None]  # the operator, and back to the operator
    assert call.voicemail == []


async def test_no_answer_leaves_the_caller_in_the_rooms_voicemail() -> None:
    call, result = await transfer([DialStatus.NO_ANSWER])
    assert result.status == "voicemail"
    assert result.scripts == (NO_ANSWER,)
    assert call.voicemail == ["102"]


async def test_dnd_goes_to_voicemail_without_ringing() -> None:
    call, result = await transfer([], Hotel(dataclasses.replace(ROOM, dnd=True)))
    assert result.status == "voicemail"
    assert call.phone_dials == [("2001", 15)]
    assert call.voicemail == ["102"]


async def test_privacy_is_never_rung_and_returns_the_scripted_answers() -> None:
    _, services = setup(Hotel(guest=dataclasses.replace(GUEST, privacy=True)))
    result = await services.transfer("nobody", "102")
    assert result.status == "refused"
    assert result.scripts[0] == NOT_REGISTERED
    assert "John Smith" in result.scripts[1].en


async def test_a_transfer_for_a_caller_nobody_is_talking_to_is_refused() -> None:
    _, services = setup(Hotel())
    assert (await services.transfer("nobody", "102")).status == "not_connected"
    assert [g.name for g in await services.find_guests("John")] == ["John Smith"]
