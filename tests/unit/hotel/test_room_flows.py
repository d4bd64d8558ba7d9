"""The room phones' flows over the scripted fake call: direct dial and class of service,
emergency, DND, wake-up set / cancel and the wake-up call itself."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from app.calls.call import CallEnded
from app.calls.dialing import DialStatus
from app.systems.hotel.flows.direct_dial import DirectDial
from app.systems.hotel.flows.dnd import DoNotDisturb
from app.systems.hotel.flows.emergency import EMERGENCY_EVENT, EmergencyLine
from app.systems.hotel.flows.wakeup_call import RingingWakeUps, WakeUpCall
from app.systems.hotel.flows.wakeup_cancel import WakeUpCancel
from app.systems.hotel.flows.wakeup_set import WakeUpOrder
from app.systems.hotel.rules.class_of_service import NumberPlan
from app.systems.hotel.rules.stay import Language
from app.systems.hotel.rules.wakeup import Attempt
from tests.harness.fake_call import HANGUP, FakeCall
from tests.harness.hotel_rooms import Clock, RoomsHotel, wakeup

MAIN = "2150550200"


class MovingClock(Clock):
    """Each reading is 95 s after the one before: the bridged call lasts 95 s."""

    def __call__(self) -> object:  # type: ignore[override]
        now = self.now
        self.now = now + timedelta(seconds=95)
        return now


def lines(hotel: RoomsHotel, clock: Clock | None = None) -> tuple[DirectDial, list]:
    events: list = []
    clock = clock or Clock()
    emergency = EmergencyLine(
        hotel, ("112", "911"), "9", MAIN, clock, lambda n, f: events.append((n, dict(f)))
    )
    return DirectDial(hotel, NumberPlan(), MAIN, "zh", 45, clock, emergency), events


def run(flow, call) -> None:
    asyncio.run(flow(call))


def test_an_allowed_number_is_dialled_presenting_the_main_number_and_posted_once() -> None:
    hotel = RoomsHotel.demo()
    flow, _ = lines(hotel, MovingClock())
    call = FakeCall([], caller="102", dialed="900441234567890")
    run(flow, call)
    assert call.dials == [("00441234567890", MAIN, 45)]
    assert call.connected and call.rang
    [charge] = hotel.charges
    assert (charge.posting_key, charge.room, charge.destination) == (
        "direct-fake-1",
        "102",
        "00441234567890",
    )
    assert charge.seconds == 95 and charge.call_type == "direct" and charge.guest_id == 102


def test_a_forbidden_number_hears_call_the_operator_in_the_guests_language() -> None:
    hotel = RoomsHotel.demo()
    flow, _ = lines(hotel)
    call = FakeCall([], caller="201", dialed="901012345678")  # national; 201 is local-only
    run(flow, call)
    assert call.dials == []
    assert call.played == ["zh/hotel-room-call-operator"]
    assert hotel.charges == []


def test_a_vacant_room_reaches_nothing_outside() -> None:
    hotel = RoomsHotel.demo()
    flow, _ = lines(hotel)
    call = FakeCall([], caller="106", dialed="962345678")
    run(flow, call)
    assert call.dials == [] and call.played == ["zh/hotel-room-call-operator"]


def test_an_unknown_phone_is_told_to_call_the_operator() -> None:
    flow, _ = lines(RoomsHotel.demo())
    call = FakeCall([], caller="555", dialed="962345678")
    run(flow, call)
    assert call.dials == [] and call.prompt_keys() == ["hotel-room-call-operator"]


def test_an_unanswered_number_is_told_and_costs_nothing() -> None:
    hotel = RoomsHotel.demo()
    flow, _ = lines(hotel)
    call = FakeCall([], caller="102", dialed="962345678", outcomes=[DialStatus.BUSY])
    run(flow, call)
    assert call.played == ["en/hotel-room-busy"] and hotel.charges == []


def test_staff_long_distance_goes_to_the_staff_log_local_does_not() -> None:
    hotel = RoomsHotel.demo()
    flow, _ = lines(hotel, MovingClock())
    run(flow, FakeCall([], caller="2300", dialed="9010987654321"))
    run(flow, FakeCall([], caller="2300", dialed="962345678"))
    assert hotel.staff_calls == [("direct-fake-1", "2300", "010987654321", 95)]
    assert hotel.charges == []


def test_emergency_with_the_prefix_dials_straight_out_and_tells_the_console() -> None:
    hotel = RoomsHotel.demo()
    flow, events = lines(hotel)
    call = FakeCall([], caller="201", dialed="9112")  # 201 may only dial local numbers
    run(flow, call)
    assert call.dials[0][:2] == ("112", MAIN)
    [(name, fields)] = events
    assert name == EMERGENCY_EVENT and fields["room"] == "201" and fields["number"] == "112"


def test_emergency_goes_out_when_the_database_is_down() -> None:
    hotel = RoomsHotel.demo()
    hotel.down = True
    flow, events = lines(hotel)
    call = FakeCall([], caller="101", dialed="112")
    run(flow.emergency, call)
    assert call.dials[0][:2] == ("112", MAIN)
    assert events[0][1]["room"] is None and events[0][1]["extension"] == "101"


def test_dnd_codes_set_the_guests_dnd() -> None:
    hotel = RoomsHotel.demo()
    on = FakeCall([], caller="101", dialed="*78")
    run(DoNotDisturb(hotel, True, "zh"), on)
    run(DoNotDisturb(hotel, False, "zh"), FakeCall([], caller="102", dialed="*79"))
    assert hotel.dnd == [("101", True), ("102", False)]
    assert on.played == ["zh/hotel-room-dnd-on"]


def test_dnd_from_a_vacant_room_changes_nothing() -> None:
    hotel = RoomsHotel.demo()
    call = FakeCall([], caller="106", dialed="*78")
    run(DoNotDisturb(hotel, True, "en"), call)
    assert hotel.dnd == [] and call.prompt_keys() == ["hotel-room-call-operator"]


def test_dnd_with_the_database_down_apologises() -> None:
    hotel = RoomsHotel.demo()
    hotel.down = True
    call = FakeCall([], caller="101", dialed="*78")
    run(DoNotDisturb(hotel, True, "zh"), call)
    assert call.prompt_keys() == ["technical-difficulty"] and call.hung_up


def order(hotel: RoomsHotel) -> WakeUpOrder:
    return WakeUpOrder(hotel, "*55", "zh", Clock())


def test_wakeup_asked_read_back_and_set_once() -> None:
    hotel = RoomsHotel.demo()
    call = FakeCall(["0630", "1"], caller="102", dialed="*55")
    run(order(hotel), call)
    assert hotel.wakeups == [("102", "0630", False)]
    keys = call.prompt_keys()
    assert keys[0] == "hotel-room-wakeup-enter" and "hotel-room-wakeup-at" in keys
    assert keys[-1] == "hotel-room-wakeup-set"


def test_wakeup_dialled_with_the_code_is_daily_and_read_in_chinese() -> None:
    hotel = RoomsHotel.demo()
    call = FakeCall(["2"], caller="101", dialed="*550715")
    run(order(hotel), call)
    assert hotel.wakeups == [("101", "0715", True)]
    assert call.played[0] == "zh/hotel-room-wakeup-at"
    assert call.played[-1] == "zh/hotel-room-wakeup-set-daily"


def test_wakeup_bad_time_is_asked_again_and_cancel_sets_nothing() -> None:
    hotel = RoomsHotel.demo()
    call = FakeCall(["2561", "0700", "3"], caller="102", dialed="*55")
    run(order(hotel), call)
    assert hotel.wakeups == []
    keys = call.prompt_keys()
    assert "hotel-room-wakeup-invalid" in keys and keys[-1] == "hotel-room-wakeup-not-set"


def test_wakeup_hangup_mid_question_sets_nothing() -> None:
    hotel = RoomsHotel.demo()
    with pytest.raises(CallEnded):  # the router's to handle
        run(order(hotel), FakeCall(["0630", HANGUP], caller="102", dialed="*55"))
    assert hotel.wakeups == []


def test_wakeup_cancel_code() -> None:
    hotel = RoomsHotel.demo()
    call = FakeCall([], caller="102", dialed="*56")
    run(WakeUpCancel(hotel, "zh"), call)
    assert hotel.cancelled == ["102"] and call.played == ["en/hotel-room-wakeup-none"]


def ring_flow(ringing: RingingWakeUps) -> WakeUpCall:
    return WakeUpCall(ringing, "1", "2", 10, 3)


def answered(entries: list[object], language: Language = Language.EN) -> tuple[Attempt, FakeCall]:
    async def go() -> tuple[Attempt, FakeCall]:
        ringing = RingingWakeUps()
        pending = ringing.expect(wakeup(7, "102", language))
        call = FakeCall(entries, caller=MAIN, dialed="102")
        await ring_flow(ringing)(call)
        return await pending.outcome, call

    return asyncio.run(go())


def test_the_wakeup_call_confirmed() -> None:
    outcome, call = answered(["1"], Language.ZH)
    assert outcome is Attempt.CONFIRMED
    assert call.played[0] == "zh/hotel-room-wakeup-message"
    assert call.played[-1] == "zh/hotel-room-wakeup-confirmed"


def test_the_wakeup_call_snoozed() -> None:
    outcome, call = answered(["", "2"])
    assert outcome is Attempt.SNOOZED and "hotel-room-wakeup-snoozed" in call.prompt_keys()


def test_the_wakeup_call_with_no_key_is_no_answer_after_three_plays() -> None:
    outcome, call = answered(["", "5", ""])
    assert outcome is Attempt.NO_ANSWER
    assert call.prompt_keys().count("hotel-room-wakeup-message") == 3


def test_the_wakeup_call_hung_up_is_no_answer() -> None:
    async def go() -> Attempt:
        ringing = RingingWakeUps()
        pending = ringing.expect(wakeup(7, "102"))
        with pytest.raises(CallEnded):
            await ring_flow(ringing)(FakeCall([HANGUP], caller=MAIN, dialed="102"))
        return await pending.outcome

    assert asyncio.run(go()) is Attempt.NO_ANSWER


def test_a_wakeup_call_nobody_expects_just_hangs_up() -> None:
    call = FakeCall([], caller=MAIN, dialed="102")
    asyncio.run(ring_flow(RingingWakeUps())(call))
    assert call.played == [] and call.hung_up
