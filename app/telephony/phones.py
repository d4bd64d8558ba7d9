"""The registered phones over ARI: ring one from no call (a wake-up call, an operator's
phone before an assisted call) and see whether each is registered and in use.

Ringing originates `PJSIP/<ext>` into our Stasis app with the flow's name as appArgs, the
way `AriCall.dial` places a leg; the channel is tracked from the originate on, so its
ringing, busy and hang-up events reach the ring, and when the phone answers (StasisStart)
the router runs the flow on it like any incoming call, with the extension as the number
dialed. Ringing a phone from inside a call is `DialingCall.dial_phone`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from app.calls.dialing import DialStatus
from app.telephony.ari.call import DIAL_GRACE_SECONDS, EventSink, phone_endpoint
from app.telephony.ari.client import AriClient
from app.telephony.ari.errors import AriError, NotFound
from app.telephony.ari.leg import AriLeg


class Starter(Protocol):
    """The router, as far as ringing needs it."""

    flows: dict[str, Any]

    def track(self, resource_id: str, sink: EventSink) -> None: ...

    def untrack(self, resource_id: str) -> None: ...

    def start_call(self, event: dict[str, Any], *, dialed: str) -> None: ...


@dataclass(frozen=True)
class Presence:
    """What the console shows of a phone: registered (a contact is bound) and in use."""

    extension: str
    registered: bool
    in_use: bool


def presence_of(endpoint: dict[str, Any]) -> Presence:
    return Presence(
        extension=str(endpoint.get("resource", "")),
        # res_pjsip calls an endpoint online while one of its contacts is bound and not
        # known to be unreachable; a phone that never registered is offline.
        registered=endpoint.get("state") == "online",
        in_use=bool(endpoint.get("channel_ids")),
    )


class _Ringing:
    """The originated channel until it answers: then the router takes it over."""

    def __init__(self, leg: AriLeg, answered: Callable[[dict[str, Any]], None]) -> None:
        self.leg = leg
        self._answered = answered

    def on_event(self, event: dict[str, Any]) -> None:
        if event.get("type") == "StasisStart" and not self.leg.answered:
            self._answered(event)
        self.leg.on_event(event)


class PhoneLine:
    def __init__(self, client: AriClient) -> None:
        self._client = client
        self._router: Starter | None = None

    def bind(self, router: Starter) -> None:
        """The router exists only once every system is built (it needs their flows)."""
        self._router = router

    async def ring(
        self, extension: str, *, flow: str, timeout: float, caller_id: str = '"Switchboard"'
    ) -> DialStatus:
        """Ring `extension` for up to `timeout` seconds showing `caller_id` ('"Name" <num>');
        ANSWERED once `flow` runs on the answered phone, else BUSY, NO_ANSWER or FAILED
        (not registered, no such phone)."""
        router = self._router
        if router is None:
            raise RuntimeError("the phone line is not bound to a router yet")
        if not extension.isdigit():
            raise ValueError(f"not an extension: {extension!r}")
        if flow not in router.flows:
            raise ValueError(f"no flow named {flow!r}")
        changed = asyncio.Event()
        leg = AriLeg(self._client, uuid.uuid4().hex, changed.set)

        def answered(event: dict[str, Any]) -> None:
            router.untrack(leg.channel_id)
            router.start_call(event, dialed=extension)

        router.track(leg.channel_id, _Ringing(leg, answered))
        try:
            await self._client.originate(
                phone_endpoint(extension),
                caller_id=caller_id,
                timeout=max(1, round(timeout)),
                app_args=f"{flow},{extension}",
                channel_id=leg.channel_id,
            )
            async with asyncio.timeout(timeout + DIAL_GRACE_SECONDS):
                while not (leg.answered or leg.ended):
                    changed.clear()
                    await changed.wait()
        except AriError:
            return DialStatus.FAILED
        except TimeoutError:
            # Asterisk never reported the end: give up on the phone.
            await leg.hangup()
            return DialStatus.NO_ANSWER
        finally:
            if not leg.answered:
                router.untrack(leg.channel_id)
        return DialStatus.ANSWERED if leg.answered else leg.outcome()

    async def presence(self, extension: str) -> Presence:
        try:
            body = await self._client.request("GET", f"/endpoints/PJSIP/{extension}")
        except NotFound:
            return Presence(extension, registered=False, in_use=False)
        return presence_of(body)

    async def presences(self, extensions: Iterable[str]) -> dict[str, Presence]:
        """Several phones with one request (every PJSIP endpoint, the wanted ones kept)."""
        wanted = set(extensions)
        found = {
            presence.extension: presence
            for presence in map(presence_of, await self._client.request("GET", "/endpoints/PJSIP"))
            if presence.extension in wanted
        }
        return {
            extension: found.get(extension, Presence(extension, False, False))
            for extension in sorted(wanted)
        }
