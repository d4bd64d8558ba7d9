"""The operator flows over the fake call: who rings in which order, what a caller hears
when nobody answers, what the console is told, and two operators taking one call."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from app.calls.dialing import Dialed, DialStatus
from app.systems.hotel.desk import Offer, OperatorDesk
from app.systems.hotel.flows.hunt import OFFERED, TAKEN, UNANSWERED, Hunt
from app.systems.hotel.flows.main import MainLine
from app.systems.hotel.flows.operator import OperatorCode
from app.systems.hotel.rules.stay import ClassOfService, Guest, Language, Room, Staff
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore
from tests.harness.fake_call import FakeCall, FakeLeg

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Rooms:
    """The little of the store the operator flows read."""

    def __init__(self) -> None:
        self.rooms = {"101": Room(1, "101", "101", False, ClassOfService.INTERNATIONAL, False)}
        self.guests = {
            "101": Guest(1, "101", "张伟", "Zhang Wei", Language.ZH, False, NOW, None, None, None)
        }
        self.staff = {
            "2001": Staff(1, "2001", "王芳", "总机", "operator", ClassOfService.INTERNATIONAL),
            "2002": Staff(2, "2002", "Li Na", "总机", "operator", ClassOfService.INTERNATIONAL),
            "2200": Staff(3, "2200", "陈静", "客房部", "staff", ClassOfService.INTERNAL),
        }

    async def room_by_extension(self, extension: str) -> Room | None:
        return self.rooms.get(extension)

    async def in_house(self, room: str) -> Guest | None:
        return self.guests.get(room)

    async def staff_by_extension(self, extension: str) -> Staff | None:
        return self.staff.get(extension)


class Events:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, object]]] = []

    def __call__(self, kind: str, body: Mapping[str, object]) -> None:
        self.seen.append((kind, dict(body)))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.seen]


def hunt(
    online: Sequence[str] = ("2001", "2002"), operators: tuple[str, ...] = ("2001", "2002", "2200")
) -> tuple[Hunt, Events]:
    async def registered(extensions: Sequence[str]) -> set[str]:
        return set(extensions) & set(online)

    events = Events()
    hotel = HotelSettings(operator_extensions=operators, operator_ring_seconds=15)
    return Hunt(cast(HotelStore, Rooms()), hotel, registered, OperatorDesk(), events), events


async def test_a_room_reaches_the_first_logged_in_operator_and_hears_nothing_recorded() -> None:
    line, events = hunt()
    call = FakeCall([], caller="101", dialed="0")
    await OperatorCode(line)(call)
    assert call.phone_dials == [("2001", 15)]
    assert call.connected == [None]  # bridged to the operator once, not recorded
    assert call.played == []  # the operator greets live
    offered = events.seen[0]
    assert offered[0] == OFFERED
    body = offered[1]
    assert (body["room"], body["guest"], body["language"]) == ("101", "张伟", "zh")
    assert events.kinds()[1] == TAKEN


async def test_no_answer_rings_the_next_operator_then_the_front_desk() -> None:
    line, events = hunt()
    no = DialStatus.NO_ANSWER
    call = FakeCall([], caller="101", dialed="0", outcomes=[no, DialStatus.BUSY, no])
    await OperatorCode(line)(call)
    # 2200 is on the list but is not an operator; 2100 is the front desk.
    assert [ext for ext, _ in call.phone_dials] == ["2001", "2002", "2100"]
    assert call.prompt_keys() == ["hotel-operator-hello", "hotel-operator-busy"]
    assert call.played[0].startswith("zh/")  # the guest's language
    assert UNANSWERED in events.kinds()
    assert call.hung_up


async def test_operators_whose_phones_are_not_registered_are_skipped() -> None:
    line, _ = hunt(online=("2002",))
    call = FakeCall([], caller="2200", dialed="0")
    await OperatorCode(line)(call)
    assert call.phone_dials == [("2002", 15)]


async def test_a_staff_caller_with_nobody_answering_hears_the_hotel_language() -> None:
    line, _ = hunt(online=())
    call = FakeCall([], caller="2200", dialed="0", outcomes=[DialStatus.FAILED])
    await OperatorCode(line)(call)
    assert call.phone_dials == [("2100", 15)]
    assert call.played == ["zh/hotel-operator-hello", "zh/hotel-operator-busy"]


async def test_an_outside_caller_hears_the_hotel_in_both_languages_first() -> None:
    line, events = hunt()
    call = FakeCall([], caller="13912345678", dialed="2150550200")
    await MainLine(line)(call)
    assert call.played == ["zh/hotel-greeting", "en/hotel-greeting"]
    assert call.connected
    assert events.seen[0][1]["outside"] is True


async def test_an_outside_caller_nobody_answers_is_told_in_both_languages() -> None:
    line, _ = hunt(online=())
    call = FakeCall([], caller="13912345678", outcomes=[DialStatus.NO_ANSWER])
    await MainLine(line)(call)
    assert call.played[2:] == ["zh/hotel-operator-busy", "en/hotel-operator-busy"]


async def test_a_caller_hanging_up_while_ringing_stops_the_hunt() -> None:
    line, events = hunt()
    call = FakeCall([], caller="101", outcomes=[DialStatus.CALLER_GONE])
    await OperatorCode(line)(call)
    assert call.phone_dials == [("2001", 15)]
    assert call.played == []
    assert UNANSWERED not in events.kinds()


class SlowPhones(FakeCall):
    """Phones that ring until answered on cue, so the console can take the call meanwhile."""

    def __init__(self, answers: set[str]) -> None:
        super().__init__([], caller="101", dialed="0")
        self.answers = answers
        self.ringing: list[str] = []
        self.cancelled: list[str] = []

    async def dial_phone(self, extension: str, *, timeout: float) -> Dialed:
        self.phone_dials.append((extension, timeout))
        self.ringing.append(extension)
        try:
            if extension not in self.answers:
                await asyncio.sleep(3600)
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            self.cancelled.append(extension)
            raise
        return Dialed(DialStatus.ANSWERED, FakeLeg(f"phone-{extension}"))


async def test_two_operators_taking_one_call_exactly_one_gets_it() -> None:
    line, _ = hunt()
    call = SlowPhones(answers={"2002"})
    running = asyncio.ensure_future(OperatorCode(line)(call))
    for _ in range(100):  # until the flow has offered the call and is ringing
        if line.desk.waiting():
            break
        await asyncio.sleep(0)
    offer = line.desk.waiting()[0]
    first, second = line.desk.take(offer.id, "2002"), line.desk.take(offer.id, "2001")
    assert first.ok and first.by == "2002"
    assert not second.ok and second.by == "2002"
    await running
    # 2001's phone stopped ringing; the taker's rang and was connected.
    assert call.cancelled == ["2001"]
    assert [ext for ext, _ in call.phone_dials] == ["2001", "2002"]
    assert call.connected
    assert line.desk.take(offer.id, "2001").gone  # the call is no longer waiting


async def test_a_phone_answering_after_the_console_took_the_call_is_hung_up() -> None:
    desk = OperatorDesk()
    desk.offer(Offer("c1", "101", outside=False))
    assert desk.take("c1", "2002").ok
    assert not desk.take("c1", "2001").ok
    desk.give_back("c1", "2002")
    assert desk.take("c1", "2001").ok


def test_an_offer_tells_the_console_room_guest_and_language() -> None:
    body: dict[str, Any] = dict(Offer("c1", "101", False, "101", "张伟", "zh").body())
    assert body == {
        "offer": "c1",
        "caller": "101",
        "outside": False,
        "room": "101",
        "guest": "张伟",
        "language": "zh",
    }
