"""The controller runs on uvloop unless told otherwise."""

from __future__ import annotations

import pytest
import uvloop

from app.cli import _event_loop_factory


def test_uvloop_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SWITCHBOARD_EVENT_LOOP", raising=False)
    assert _event_loop_factory() is uvloop.new_event_loop


def test_the_standard_loop_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_EVENT_LOOP", "asyncio")
    assert _event_loop_factory() is None
