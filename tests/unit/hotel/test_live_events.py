"""What the console shows of the hotel's call events: one row per event the flows publish."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from app.systems.hotel.console import topics
from app.systems.hotel.live import console_publisher, for_console

ROOM_CALL = {"offer": "o1", "caller": "101", "outside": False, "room": "101", "guest": "张伟",
             "language": "zh"}  # fmt: skip
OUTSIDE = {"offer": "o2", "caller": "13800138000", "outside": True, "room": None, "guest": None,
           "language": None}  # fmt: skip

EVENTS = [
    # kind, body, topic, text
    ("hotel.call.offered", ROOM_CALL, topics.CALL, "Room 101 张伟 (中文)"),
    ("hotel.call.offered", OUTSIDE, topics.CALL, "Outside call from 13800138000"),
    ("hotel.call.offered", {**ROOM_CALL, "guest": None}, topics.CALL, "Room 101 (no guest)"),
    ("hotel.call.taken", {**ROOM_CALL, "operator": "2001"}, topics.CALL,
     "Room 101 张伟 (中文): taken by 2001"),
    ("hotel.call.unanswered", OUTSIDE, topics.CALL,
     "Outside call from 13800138000: no operator answered"),
    ("hotel.voucher.updated", {"voucher": 7, "status": "placing"}, topics.CALL,
     "Voucher 7: placing"),
    ("hotel.voucher.updated", {"voucher": 7, "status": "closed", "outcome": "person_not_there"},
     topics.CALL, "Voucher 7: closed (person not there)"),
    ("hotel.emergency", {"room": "201", "extension": "201", "number": "112"}, topics.ALERT,
     "EMERGENCY: room 201 dialled 112"),
    ("hotel.emergency", {"room": None, "extension": "2100", "number": "911"}, topics.ALERT,
     "EMERGENCY: room 2100 dialled 911"),
    ("hotel.wakeup.failed", {"wakeup": 3, "room": "102", "time": "06:30", "attempts": 3},
     topics.ALERT, "Wake-up 06:30 not answered: room 102 (3 attempts)"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "body", "topic", "text"), EVENTS)
def test_each_event_is_one_line_on_its_topic(
    kind: str, body: Mapping[str, object], topic: str, text: str
) -> None:
    shown = for_console(kind, body)
    assert shown is not None
    assert shown[0] == topic
    assert shown[1]["text"] == text
    assert shown[1]["kind"] == kind
    assert {k: shown[1][k] for k in body} == dict(body)  # the flow's fields kept


@pytest.mark.parametrize("kind", ["hotel.call.ended", "hotel.something.new", ""])
def test_what_nobody_needs_to_see_is_not_published(kind: str) -> None:
    published: list[tuple[str, Mapping[str, object]]] = []
    console_publisher(lambda topic, body: published.append((topic, body)))(kind, {"offer": "o1"})
    assert for_console(kind, {"offer": "o1"}) is None
    assert published == []


def test_alerts_are_logged_as_well_as_published(caplog: pytest.LogCaptureFixture) -> None:
    published: list[tuple[str, Mapping[str, object]]] = []
    publish = console_publisher(lambda topic, body: published.append((topic, body)))
    publish("hotel.emergency", {"room": "201", "number": "112"})
    publish("hotel.call.offered", ROOM_CALL)
    assert [topic for topic, _ in published] == [topics.ALERT, topics.CALL]
    alerts = [r.getMessage() for r in caplog.records if "hotel alert" in r.getMessage()]
    assert alerts == ["hotel alert hotel.emergency {'room': '201', 'number': '112'}"]
