"""The ARI event filter must let through every event type a handler looks at."""

from __future__ import annotations

import re
from pathlib import Path

from app.telephony.ari.call import END_EVENTS as CALL_END_EVENTS
from app.telephony.ari.leg import END_EVENTS as LEG_END_EVENTS
from app.telephony.router import EVENT_TYPES

ARI = Path(__file__).resolve().parents[3] / "app" / "telephony"


def test_every_handled_event_type_is_allowed() -> None:
    handled: set[str] = set(CALL_END_EVENTS) | set(LEG_END_EVENTS)
    for source in [*ARI.glob("ari/*.py"), ARI / "router.py"]:
        text = source.read_text()
        handled |= set(re.findall(r'kind == "(\w+)"', text))
        for group in re.findall(r"kind in \(([^)]*)\)", text):
            handled |= set(re.findall(r'"(\w+)"', group))
    assert "Dial" in handled and "PlaybackFinished" in handled
    assert handled <= set(EVENT_TYPES), f"not in router.EVENT_TYPES: {handled - set(EVENT_TYPES)}"
