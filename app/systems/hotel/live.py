"""What the staff console shows of the hotel's call events.

The flows publish what happened in their own terms ("hotel.call.offered", "hotel.emergency",
...); the console's pages listen to two topics (app/systems/hotel/console/topics.py): calls
for the operators and alerts for everyone. `for_console` turns one into the other, with the
line a person reads (`text`) and the flow's fields kept beside it. Pure: no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from app.systems.hotel.console import topics

log = logging.getLogger(__name__)

Publish = Callable[[str, Mapping[str, object]], None]

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def _caller(body: Mapping[str, object]) -> str:
    if body.get("outside"):
        return f"Outside call from {body.get('caller') or 'an unknown number'}"
    room = body.get("room") or body.get("caller") or "?"
    guest = body.get("guest")
    if not guest:
        return f"Room {room} (no guest)"
    language = str(body.get("language") or "")
    return f"Room {room} {guest} ({LANGUAGE_NAMES.get(language, language)})"


def _voucher(body: Mapping[str, object]) -> str:
    line = f"Voucher {body.get('voucher')}: {body.get('status')}"
    if body.get("outcome"):
        line += f" ({str(body['outcome']).replace('_', ' ')})"
    return line


def for_console(kind: str, body: Mapping[str, object]) -> tuple[str, dict[str, object]] | None:
    """The console topic and payload for a flow's event; None for what nobody needs to see
    (a call that ended is already gone from the operator's phone)."""
    if kind == "hotel.call.offered":
        text = _caller(body)
    elif kind == "hotel.call.taken":
        text = f"{_caller(body)}: taken by {body.get('operator')}"
    elif kind == "hotel.call.unanswered":
        text = f"{_caller(body)}: no operator answered"
    elif kind == "hotel.voucher.updated":
        text = _voucher(body)
    elif kind == "hotel.emergency":
        where = body.get("room") or body.get("extension")
        text = f"EMERGENCY: room {where} dialled {body.get('number')}"
        return topics.ALERT, {**body, "kind": kind, "text": text}
    elif kind == "hotel.wakeup.failed":
        text = (
            f"Wake-up {body.get('time')} not answered: room {body.get('room')} "
            f"({body.get('attempts')} attempts)"
        )
        return topics.ALERT, {**body, "kind": kind, "text": text}
    else:
        return None
    return topics.CALL, {**body, "kind": kind, "text": text}


def console_publisher(publish: Publish) -> Publish:
    """The flows' publisher: each event the console should show goes to its topic. Alerts
    go to the log too: an emergency call is on record even with no browser open."""

    def to_console(kind: str, body: Mapping[str, object]) -> None:
        shown = for_console(kind, body)
        if shown is None:
            return
        topic, payload = shown
        if topic == topics.ALERT:
            log.warning("hotel alert %s %s", kind, dict(body))
        publish(topic, payload)

    return to_console
