"""What a flow is to the router, and the guard every flow runs in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.calls.dialing import DialingCall

# The router hands every flow a call that can do everything; a flow's own signature asks
# only for what it uses (`Call`, or `DialingCall` to dial and bridge).
Flow = Callable[[DialingCall], Awaitable[None]]
