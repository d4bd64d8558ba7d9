"""Dialplan lines a system writes into its phones' context (a static include it ships, see
`DialplanInclude`, or one it renders), over the platform's helpers in extensions.conf:

    [hotel-rooms]
    exten => _2XX,1,Gosub(switchboard-ring-phone,s,1(${EXTEN},20))   ring_extensions("_2XX", 20)
     same => n,Hangup()
    exten => *98,1,Gosub(switchboard-my-messages,s,1)                  my_messages("*98")
     same => n,Hangup()

Pure: strings out. Patterns and codes are checked, so a stored value can never carry
dialplan syntax in.
"""

from __future__ import annotations

import re

from app.pbx.phones.rules import EXTENSION

RING_PHONE = "switchboard-ring-phone"
LEAVE_MESSAGE = "switchboard-leave-message"
MY_MESSAGES = "switchboard-my-messages"
# An extension, a feature code (*98) or an Asterisk pattern over digits (_2XX, _3[0-4]X).
_PATTERN = re.compile(r"^(\*?[0-9#*]{1,10}|_[0-9XZN.\[\]\-*#]{1,16})$")


def _checked(pattern: str) -> str:
    if not _PATTERN.match(pattern):
        raise ValueError(f"not an extension or pattern: {pattern!r}")
    return pattern


def ring_extensions(pattern: str, ring_seconds: int) -> str:
    """Dialing `pattern` rings that phone for `ring_seconds`, then (unanswered, busy or
    not registered) its voicemail if it has a box."""
    if not 1 <= ring_seconds <= 300:
        raise ValueError(f"ring time {ring_seconds}s is not between 1 and 300")
    return (
        f"exten => {_checked(pattern)},1,Gosub({RING_PHONE},s,1(${{EXTEN}},{ring_seconds}))\n"
        " same => n,Hangup()"
    )


def ring_phone(code: str, extension: str, ring_seconds: int) -> str:
    """Dialing `code` rings one phone (an operator's `0`) for `ring_seconds`, then its
    voicemail."""
    if not EXTENSION.match(extension) or not 1 <= ring_seconds <= 300:
        raise ValueError(f"cannot ring {extension!r} for {ring_seconds}s")
    return (
        f"exten => {_checked(code)},1,Gosub({RING_PHONE},s,1({extension},{ring_seconds}))\n"
        " same => n,Hangup()"
    )


def leave_message(code: str, extension: str) -> str:
    """Dialing `code` leaves a message in `extension`'s box without ringing it."""
    if not EXTENSION.match(extension):
        raise ValueError(f"not an extension: {extension!r}")
    return (
        f"exten => {_checked(code)},1,Gosub({LEAVE_MESSAGE},s,1({extension}))\n same => n,Hangup()"
    )


def my_messages(code: str = "*98") -> str:
    """Dialing `code` hears the calling phone's own messages (no PIN: the phone
    authenticated when it called)."""
    return f"exten => {_checked(code)},1,Gosub({MY_MESSAGES},s,1)\n same => n,Hangup()"
