"""Live events: fanned out by topic to the roles that may see it, never blocking the
publisher, cut off for a browser that falls behind, ended with its session."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.config import Settings
from app.console.contract import nobody_listening
from app.console.events import QUEUE_LIMIT, LiveEvents
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.directory import PhoneDirectory
from app.system import Platform
from app.telephony.ari.client import AriClient
from app.telephony.phones import PhoneLine


def _drain(queue: object) -> list[str | None]:
    items: list[str | None] = []
    while not queue.empty():  # type: ignore[attr-defined]
        items.append(queue.get_nowait())  # type: ignore[attr-defined]
    return items


async def test_an_event_reaches_only_the_roles_its_topic_names() -> None:
    hub = LiveEvents()
    hub.allow("hotel.call", frozenset({"operator"}))
    operator, frontdesk = hub.subscribe("operator", 1, 1), hub.subscribe("frontdesk", 2, 2)
    hub.publish("hotel.call", {"room": "1204"})
    (message,) = _drain(operator.queue)
    assert message is not None
    assert json.loads(message) == {"id": 1, "topic": "hotel.call", "payload": {"room": "1204"}}
    assert _drain(frontdesk.queue) == []


async def test_an_undeclared_topic_reaches_nobody_and_is_warned_about_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    hub = LiveEvents()
    subscriber = hub.subscribe("admin", 1, 1)
    with caplog.at_level(logging.WARNING):
        hub.publish("hotel.secret", {"x": 1})
        hub.publish("hotel.secret", {"x": 2})
    assert _drain(subscriber.queue) == []
    assert caplog.text.count("hotel.secret") == 1


async def test_a_browser_that_falls_behind_is_cut_off_and_the_publisher_never_waits() -> None:
    hub = LiveEvents()
    hub.allow("t", frozenset({"operator"}))
    slow = hub.subscribe("operator", 1, 1)
    for number in range(QUEUE_LIMIT + 5):
        hub.publish("t", {"n": number})
    assert hub.listening == 0
    assert _drain(slow.queue) == [None]  # its stream ends; the browser reconnects


async def test_ending_a_session_ends_only_its_streams() -> None:
    hub = LiveEvents()
    mine, other = hub.subscribe("operator", 7, 7), hub.subscribe("operator", 8, 8)
    hub.end_session(7)
    assert _drain(mine.queue) == [None]
    assert hub.streams_of(7) == 0 and hub.streams_of(8) == 1
    hub.end_all()
    assert _drain(other.queue) == [None] and hub.listening == 0


async def test_disabling_an_account_ends_every_stream_of_it() -> None:
    hub = LiveEvents()
    tab, other_tab, colleague = (
        hub.subscribe("operator", 1, 5),
        hub.subscribe("operator", 2, 5),
        hub.subscribe("operator", 3, 6),
    )
    hub.end_sessions_of(5)
    assert _drain(tab.queue) == [None] and _drain(other_tab.queue) == [None]
    assert hub.listening == 1 and _drain(colleague.queue) == []


def test_with_no_console_the_platforms_publisher_hears_nobody(tmp_path: Path) -> None:
    settings = Settings(runtime_dir=tmp_path, database_url="sqlite://")
    sessionmaker = make_sessionmaker(make_engine(settings.database_url))
    platform = Platform(
        settings,
        sessionmaker,
        lambda: datetime.now(UTC),
        lambda: None,
        PhoneDirectory(settings, sessionmaker),
        PhoneLine(AriClient("http://127.0.0.1:1", "user", "password", "switchboard")),
    )
    assert platform.console_events is nobody_listening
    platform.console_events("any.topic", {"a": 1})
