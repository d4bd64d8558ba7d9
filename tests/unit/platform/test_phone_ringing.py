"""Ringing registered phones, against a fake ARI client with events fed through
Router.dispatch: from no call (PhoneLine.ring: the flow starts when the phone answers)
and from a call (AriCall.dial_phone), and what presence reads from ARI's endpoints."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from app.calls.dialing import DialingCall, DialStatus
from app.telephony.ari.call import AriCall
from app.telephony.ari.errors import AriError, NotFound
from app.telephony.ari.models import Channel
from app.telephony.phones import PhoneLine, presence_of
from app.telephony.router import Router
from tests.harness.fake_ari import FakeAri


class Flows:
    def __init__(self) -> None:
        self.started: list[str] = []

    async def wake_up(self, call: DialingCall) -> None:
        self.started.append(call.dialed_number or "")


@pytest.fixture
def line(tmp_path: Path) -> tuple[PhoneLine, Router, FakeAri, Flows]:
    client = FakeAri()
    flows = Flows()
    router = Router(client, {"wake-up": flows.wake_up}, tmp_path)  # type: ignore[arg-type]
    phone_line = PhoneLine(client)  # type: ignore[arg-type]
    phone_line.bind(router)
    return phone_line, router, client, flows


async def _originated(client: FakeAri) -> dict[str, Any]:
    for _ in range(100):
        if "originate" in client.names():
            return client.requests[client.names().index("originate")][1]
        await asyncio.sleep(0)
    raise AssertionError("nothing was originated")


async def test_an_answered_phone_runs_the_flow_as_if_it_had_dialed_its_extension(
    line: tuple[PhoneLine, Router, FakeAri, Flows],
) -> None:
    phone_line, router, client, flows = line
    ringing = asyncio.create_task(phone_line.ring("201", flow="wake-up", timeout=30))
    originate = await _originated(client)
    assert originate["endpoint"] == "PJSIP/201"
    assert originate["app_args"] == "wake-up,201"
    assert originate["timeout"] == 30
    channel = originate["channel_id"]
    router.dispatch({"type": "Dial", "peer": {"id": channel}, "dialstatus": "RINGING"})
    router.dispatch(
        {
            "type": "StasisStart",
            "channel": {"id": channel, "state": "Up", "dialplan": {"exten": "s"}},
            "args": ["wake-up", "201"],
        }
    )
    assert await ringing is DialStatus.ANSWERED
    await asyncio.gather(*router.tasks.values())
    assert flows.started == ["201"]
    assert channel not in router.sinks


@pytest.mark.parametrize(
    ("status", "cause", "outcome"),
    [("BUSY", 17, DialStatus.BUSY), ("NOANSWER", 19, DialStatus.NO_ANSWER)],
)
async def test_a_phone_that_does_not_answer_starts_nothing(
    line: tuple[PhoneLine, Router, FakeAri, Flows], status: str, cause: int, outcome: DialStatus
) -> None:
    phone_line, router, client, flows = line
    ringing = asyncio.create_task(phone_line.ring("201", flow="wake-up", timeout=5))
    channel = (await _originated(client))["channel_id"]
    router.dispatch({"type": "Dial", "peer": {"id": channel}, "dialstatus": status})
    router.dispatch({"type": "ChannelDestroyed", "channel": {"id": channel}, "cause": cause})
    assert await ringing is outcome
    assert router.tasks == {} and router.sinks == {}
    assert flows.started == []


async def test_a_phone_asterisk_cannot_reach_fails_at_once(
    line: tuple[PhoneLine, Router, FakeAri, Flows], monkeypatch: pytest.MonkeyPatch
) -> None:
    phone_line, router, client, _ = line

    async def refuse(endpoint: str, **params: Any) -> Channel:
        raise AriError(500, "Allocation failed", "/channels")

    monkeypatch.setattr(client, "originate", refuse)
    assert await phone_line.ring("299", flow="wake-up", timeout=30) is DialStatus.FAILED
    assert router.sinks == {}


async def test_nothing_is_rung_for_a_bad_extension_or_an_unknown_flow(
    line: tuple[PhoneLine, Router, FakeAri, Flows],
) -> None:
    phone_line, _, client, _ = line
    with pytest.raises(ValueError):
        await phone_line.ring("201&Local/x", flow="wake-up", timeout=5)
    with pytest.raises(ValueError):
        await phone_line.ring("201", flow="nobody", timeout=5)
    assert client.requests == []


async def test_a_call_rings_a_phone_showing_its_own_caller_id(tmp_path: Path) -> None:
    client = FakeAri()
    router = Router(client, {}, tmp_path)  # type: ignore[arg-type]
    channel = {
        "id": "guest-1",
        "state": "Up",
        "caller": {"number": "5550001001", "name": "Outside"},
        "dialplan": {"exten": "8001"},
    }
    call = AriCall(client, Channel.from_json(channel), tmp_path, tracker=router)  # type: ignore[arg-type]
    router.calls[call.channel_id] = call
    dialing = asyncio.create_task(call.dial_phone("201", timeout=10))
    originate = await _originated(client)
    # Internal: no caller-ID guard is asked (the default refuses everything).
    assert originate["endpoint"] == "PJSIP/201"
    assert originate["caller_id"] == '"Outside" <5550001001>'
    router.dispatch({"type": "StasisStart", "channel": {"id": originate["channel_id"]}})
    dialed = await dialing
    assert dialed.status is DialStatus.ANSWERED and dialed.leg is not None
    with pytest.raises(ValueError):
        await call.dial_phone("201@carrier", timeout=10)


async def test_presence_reads_the_endpoint_state_and_its_channels() -> None:
    assert presence_of({"resource": "201", "state": "online", "channel_ids": []}) == (
        presence_of({"resource": "201", "state": "online"})
    )
    busy = presence_of({"resource": "201", "state": "online", "channel_ids": ["c1"]})
    assert (busy.registered, busy.in_use) == (True, True)
    gone = presence_of({"resource": "202", "state": "offline", "channel_ids": []})
    assert (gone.registered, gone.in_use) == (False, False)

    class Missing(FakeAri):
        async def request(self, method: str, path: str, *args: Any) -> Any:
            raise NotFound(404, "Endpoint not found", path)

    unknown = await PhoneLine(Missing()).presence("299")  # type: ignore[arg-type]
    assert (unknown.registered, unknown.in_use) == (False, False)
