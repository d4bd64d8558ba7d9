"""The room phones' settings (SWITCHBOARD_HOTEL_*): feature codes, ring times and the
wake-up call's keys. Apart from settings.py so the room flows' knobs stay together."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.config import int_env

# A feature code: a star and one to three digits (it is written into the dialplan).
_CODE = re.compile(r"^\*[0-9]{1,3}$")
_KEYS = "0123456789*#"


@dataclass(frozen=True)
class RoomPhoneSettings:
    dnd_on_code: str = "*78"
    dnd_off_code: str = "*79"
    # Followed by HHMM in the same dial (*550630) or asked for after it.
    wakeup_code: str = "*55"
    wakeup_cancel_code: str = "*56"
    messages_code: str = "*98"
    # A phone rings this long for a call from another phone, then goes to voicemail.
    room_ring_seconds: int = 20
    # An outside number rings this long for a direct-dialled call.
    outside_ring_seconds: int = 45
    wakeup_ring_seconds: int = 30
    wakeup_confirm_key: str = "1"
    wakeup_snooze_key: str = "2"
    # Times the wake-up message is played to an answered phone before it counts as no key.
    wakeup_plays: int = 3
    wakeup_poll_seconds: int = 5

    @property
    def codes(self) -> tuple[str, ...]:
        return (
            self.dnd_on_code,
            self.dnd_off_code,
            self.wakeup_code,
            self.wakeup_cancel_code,
            self.messages_code,
        )


def load_room_phones(env: Mapping[str, str]) -> RoomPhoneSettings:
    d = RoomPhoneSettings()
    found = RoomPhoneSettings(
        dnd_on_code=env.get("SWITCHBOARD_HOTEL_DND_ON_CODE", d.dnd_on_code),
        dnd_off_code=env.get("SWITCHBOARD_HOTEL_DND_OFF_CODE", d.dnd_off_code),
        wakeup_code=env.get("SWITCHBOARD_HOTEL_WAKEUP_CODE", d.wakeup_code),
        wakeup_cancel_code=env.get("SWITCHBOARD_HOTEL_WAKEUP_CANCEL_CODE", d.wakeup_cancel_code),
        messages_code=env.get("SWITCHBOARD_HOTEL_MESSAGES_CODE", d.messages_code),
        room_ring_seconds=int_env(env, "SWITCHBOARD_HOTEL_ROOM_RING_SECONDS", d.room_ring_seconds),
        outside_ring_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_OUTSIDE_RING_SECONDS", d.outside_ring_seconds
        ),
        wakeup_ring_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_WAKEUP_RING_SECONDS", d.wakeup_ring_seconds
        ),
        wakeup_confirm_key=env.get("SWITCHBOARD_HOTEL_WAKEUP_CONFIRM_KEY", d.wakeup_confirm_key),
        wakeup_snooze_key=env.get("SWITCHBOARD_HOTEL_WAKEUP_SNOOZE_KEY", d.wakeup_snooze_key),
        wakeup_plays=int_env(env, "SWITCHBOARD_HOTEL_WAKEUP_PLAYS", d.wakeup_plays),
        wakeup_poll_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_WAKEUP_POLL_SECONDS", d.wakeup_poll_seconds
        ),
    )
    for code in found.codes:
        if not _CODE.match(code):
            raise ValueError(f"a hotel feature code is * and 1-3 digits, not {code!r}")
    if len(set(found.codes)) != len(found.codes):
        raise ValueError("the hotel feature codes must all differ")
    keys = (found.wakeup_confirm_key, found.wakeup_snooze_key)
    if keys[0] == keys[1] or not all(len(k) == 1 and k in _KEYS for k in keys):
        raise ValueError("the wake-up confirm and snooze keys must be two different keys")
    if found.wakeup_plays < 1 or found.wakeup_poll_seconds < 1:
        raise ValueError("SWITCHBOARD_HOTEL_WAKEUP_PLAYS and _POLL_SECONDS must be at least 1")
    return found
