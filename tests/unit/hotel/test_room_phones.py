"""The room phones' pure parts and the wake-up scheduler: the hotel-rooms context, the
room settings, the phones each room and staff member gets, and the scheduler over a
scripted phone line (ringing, answered, unanswered, the failed alert, a dead database)."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest

from app.calls.dialing import DialStatus
from app.pbx.phones.directory import NewSecret
from app.pbx.phones.repository import Phone
from app.systems.hotel.flows.wakeup_call import RingingWakeUps
from app.systems.hotel.room_phones import ensure_phones, keep_secrets, phone_specs
from app.systems.hotel.room_settings import load_room_phones
from app.systems.hotel.rooms_dialplan import rooms_context
from app.systems.hotel.rules.stay import ClassOfService, Staff
from app.systems.hotel.rules.wakeup import Attempt, WakeUpState, WakeUpUpdate
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.wakeup_ringer import FAILED_EVENT, WakeUpRinger, console_alert
from app.systems.hotel.wakeups import WakeUpScheduler
from tests.harness.hotel_rooms import NOW, Clock, RoomsHotel, guest, room, wakeup


def context() -> str:
    return rooms_context(HotelSettings(), load_room_phones({}), "switchboard")


def test_the_rooms_context_routes_each_kind_of_number() -> None:
    text = context()
    assert "[hotel-rooms]" in text
    assert "exten => 0,1,Stasis(switchboard,hotel-operator,${EXTEN})" in text
    # No controller: the operator code still rings the front desk's phone.
    assert "(desk),Gosub(switchboard-ring-phone,s,1(2100,20))" in text
    assert "exten => _9X.,1,Stasis(switchboard,hotel-direct-dial,${EXTEN})" in text
    for dialled in ("112", "911", "9112", "9911"):
        assert f"exten => {dialled},1,Stasis(switchboard,hotel-emergency," in text
    # Without the controller, an emergency call still goes out presenting the main number.
    assert "Set(CALLERID(all)=<2150550200>)" in text and "Dial(PJSIP/112@carrier)" in text
    assert "exten => *78,1,Stasis(switchboard,hotel-dnd-on" in text
    assert "exten => _*55XXXX,1,Stasis(switchboard,hotel-wakeup-set" in text
    assert "exten => *98,1,Gosub(switchboard-my-messages,s,1)" in text
    assert "exten => _[12345678]XX,1,Gosub(switchboard-ring-phone" in text
    assert text.rstrip().endswith("include => catch-all")


def test_room_settings_refuse_codes_that_clash_or_carry_dialplan() -> None:
    with pytest.raises(ValueError):
        load_room_phones({"SWITCHBOARD_HOTEL_DND_ON_CODE": "*79"})
    with pytest.raises(ValueError):
        load_room_phones({"SWITCHBOARD_HOTEL_WAKEUP_CODE": "*5,1"})
    with pytest.raises(ValueError):
        load_room_phones({"SWITCHBOARD_HOTEL_WAKEUP_SNOOZE_KEY": "1"})
    assert (
        load_room_phones({"SWITCHBOARD_HOTEL_WAKEUP_RING_SECONDS": "12"}).wakeup_ring_seconds == 12
    )


def test_every_room_and_staff_member_gets_a_phone_in_the_guests_language() -> None:
    staff = [Staff(1, "2001", "王芳", "operators", "operator", ClassOfService.INTERNATIONAL)]
    specs = phone_specs([(room("101"), guest("101", "John")), (room("106"), None)], staff, "zh")
    assert [(s.extension, s.context, s.owner, s.language, s.mailbox) for s in specs] == [
        ("101", "hotel-rooms", "hotel", "en", True),
        ("106", "hotel-rooms", "hotel", "zh", True),
        ("2001", "hotel-rooms", "hotel", "zh", True),
    ]


def test_new_secrets_are_kept_in_the_secrets_file(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    path.write_text("ari_password=x\nhotel_phone_101=old\n")
    keep_secrets(path, [NewSecret("101", "s1"), NewSecret("102", "s2")])
    assert path.read_text().splitlines() == [
        "ari_password=x",
        "hotel_phone_101=s1",
        "hotel_phone_102=s2",
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


class Line:
    """A phone line that answers (and runs the wake-up flow's part) as scripted."""

    def __init__(self, statuses: list[DialStatus], ringing: RingingWakeUps, key: Attempt) -> None:
        self.statuses = statuses
        self.ringing = ringing
        self.key = key
        self.rung: list[tuple[str, str]] = []

    async def ring(
        self, extension: str, *, flow: str, timeout: float, caller_id: str = ""
    ) -> DialStatus:
        self.rung.append((extension, flow))
        status = self.statuses.pop(0)
        if status is DialStatus.ANSWERED:
            self.ringing.calls[extension].report(self.key)
        return status


def scheduler(hotel: RoomsHotel, line: Line, events: list) -> WakeUpScheduler:
    ringer = WakeUpRinger(line, line.ringing)
    alert = console_alert(lambda n, f: events.append((n, dict(f))))
    return WakeUpScheduler(hotel, ringer, alert, Clock(), poll_seconds=0.01)


def test_a_due_wakeup_rings_the_room_and_its_key_is_recorded() -> None:
    hotel = RoomsHotel.demo()
    hotel.due = [wakeup(3, "102")]
    ringing = RingingWakeUps()
    line = Line([DialStatus.ANSWERED], ringing, Attempt.CONFIRMED)
    events: list = []
    assert asyncio.run(scheduler(hotel, line, events).place_due()) == 1
    assert line.rung == [("102", "hotel-wakeup-call")]
    assert hotel.attempts == [(3, Attempt.CONFIRMED)] and events == []
    assert ringing.calls == {}


def test_no_answer_after_the_retries_alerts_the_console() -> None:
    hotel = RoomsHotel.demo()
    hotel.due = [wakeup(4, "101")]
    hotel.updates = [WakeUpUpdate(WakeUpState.FAILED, NOW, 3, True)]
    line = Line([DialStatus.NO_ANSWER], RingingWakeUps(), Attempt.CONFIRMED)
    events: list = []
    asyncio.run(scheduler(hotel, line, events).place_due())
    assert hotel.attempts == [(4, Attempt.NO_ANSWER)]
    [(name, fields)] = events
    assert name == FAILED_EVENT and fields["room"] == "101" and fields["state"] == "failed"


def test_two_wakeups_for_one_room_ring_one_after_the_other() -> None:
    hotel = RoomsHotel.demo()
    hotel.due = [wakeup(5, "102"), wakeup(6, "102")]
    line = Line([DialStatus.NO_ANSWER, DialStatus.BUSY], RingingWakeUps(), Attempt.CONFIRMED)
    asyncio.run(scheduler(hotel, line, []).place_due())
    assert hotel.attempts == [(5, Attempt.NO_ANSWER), (6, Attempt.NO_ANSWER)]


def test_a_dead_database_claims_nothing_and_the_loop_goes_on() -> None:
    hotel = RoomsHotel.demo()
    hotel.down = True
    line = Line([], RingingWakeUps(), Attempt.CONFIRMED)

    async def go() -> None:
        task = asyncio.create_task(scheduler(hotel, line, []).run())
        await asyncio.sleep(0.05)
        assert not task.done()
        task.cancel()

    asyncio.run(go())
    assert line.rung == []


class Directory:
    """The platform's phone directory, as far as the hotel uses it."""

    def __init__(self, others: dict[str, str]) -> None:
        self.others = others
        self.ensured: list[str] = []

    async def list(self, *, owner: str | None = None) -> list:
        return [
            Phone(ext, "switchboard-phones", "", "en", False, who, True, False, "d", NOW)
            for ext, who in self.others.items()
        ]

    async def ensure_all(self, specs: list) -> list[NewSecret]:
        self.ensured = [s.extension for s in specs]
        return [NewSecret(s.extension, "s") for s in specs]


class Rooms:
    async def rooms(self) -> list:
        return [(room("101"), None), (room("102"), None)]

    async def staff(self) -> list:
        return [Staff(1, "2001", "王芳", "operators", "operator", ClassOfService.INTERNAL)]


def test_an_extension_someone_else_owns_is_left_alone_and_the_rest_made(tmp_path: Path) -> None:
    directory = Directory({"2001": "admin"})
    created = asyncio.run(ensure_phones(Rooms(), directory, "zh", tmp_path / "secrets.env"))
    assert directory.ensured == ["101", "102"]
    assert [c.extension for c in created] == ["101", "102"]
    assert "hotel_phone_101=s" in (tmp_path / "secrets.env").read_text()


def test_phones_that_already_match_the_rooms_are_not_touched(tmp_path: Path) -> None:
    directory = Directory({})
    ours = [
        Phone("101", "hotel-rooms", "Room 101", "zh", True, "hotel", True, False, "d", NOW),
        Phone("102", "hotel-rooms", "Room 102", "zh", True, "hotel", True, False, "d", NOW),
        Phone("2001", "hotel-rooms", "operators 2001", "zh", True, "hotel", True, False, "d", NOW),
    ]

    async def listed(*, owner: str | None = None) -> list:
        return ours

    directory.list = listed  # type: ignore[method-assign]
    directory.ensured = ["untouched"]
    assert asyncio.run(ensure_phones(Rooms(), directory, "zh", tmp_path / "s.env")) == []
    assert directory.ensured == ["untouched"]
    # A guest's language changes the phone: then the directory is asked.
    ours[1] = Phone("102", "hotel-rooms", "Room 102", "en", True, "hotel", True, False, "d", NOW)
    asyncio.run(ensure_phones(Rooms(), directory, "zh", tmp_path / "s.env"))
    assert directory.ensured == ["101", "102", "2001"]
