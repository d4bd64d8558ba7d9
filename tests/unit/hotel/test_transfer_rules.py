"""Transfers to guests: privacy never rings and shows the seed's scripted answers, DND
goes to voice mail or the operator, busy and no answer have the seed's words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.systems.hotel.rules.stay import ClassOfService, Guest, Language, Room
from app.systems.hotel.rules.transfer import (
    BUSY,
    NO_ANSWER,
    NOT_REGISTERED,
    RingResult,
    Route,
    after_ringing,
    greeting,
    plan_transfer,
)

ROOM = Room(1, "103", "103", dnd=False, class_of_service=ClassOfService.LOCAL, message_lamp=False)
DND = Room(2, "105", "105", dnd=True, class_of_service=ClassOfService.LOCAL, message_lamp=False)


def guest(privacy: bool = False) -> Guest:
    return Guest(
        1,
        "103",
        "李娜",
        "Li Na",
        Language.ZH,
        privacy,
        datetime(2026, 12, 1, tzinfo=UTC),
        None,
        None,
        None,
    )


def test_privacy_never_rings_and_shows_both_scripted_answers() -> None:
    plan = plan_transfer(ROOM, guest(privacy=True), by_operator=True, ring_seconds=20)
    assert plan.route is Route.REFUSE and plan.ring_seconds == 0
    first, second = plan.scripts
    assert first == NOT_REGISTERED and "no guest registered by that name" in first.en
    assert "没有入住我们酒店" in first.zh
    assert "so that Li Na can call you back" in second.en and "以便李娜回电" in second.zh


@pytest.mark.parametrize(
    ("by_operator", "route"), [(True, Route.VOICEMAIL), (False, Route.OPERATOR)]
)
def test_do_not_disturb(by_operator: bool, route: Route) -> None:
    assert plan_transfer(DND, guest(), by_operator=by_operator, ring_seconds=20).route is route


def test_a_guest_is_rung_for_the_transfer_time_and_a_vacant_room_is_said() -> None:
    plan = plan_transfer(ROOM, guest(), by_operator=True, ring_seconds=20)
    assert (plan.route, plan.ring_seconds) == (Route.RING, 20)
    assert plan_transfer(ROOM, None, by_operator=True, ring_seconds=20).route is Route.VACANT


def test_busy_and_no_answer_have_the_seeds_words() -> None:
    assert after_ringing(RingResult.BUSY).scripts == (BUSY,)
    assert "稍后再打来" in BUSY.zh
    no_answer = after_ringing(RingResult.NO_ANSWER)
    assert no_answer.route is Route.VOICEMAIL and no_answer.scripts == (NO_ANSWER,)
    assert after_ringing(RingResult.ANSWERED).scripts == ()


def test_greetings() -> None:
    assert greeting(True, "荷花园酒店", "Lotus Garden Hotel").zh == "您好，荷花园酒店"
    assert greeting(True, "荷花园酒店", "Lotus Garden Hotel").en == "Hello, Lotus Garden Hotel"
    assert greeting(False, "x", "y").zh == "Operator，您好，总机"
