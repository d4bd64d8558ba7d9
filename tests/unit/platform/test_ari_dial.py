"""AriCall.dial / connect and the router's leg tracking, against a fake ARI client: the
events Asterisk sends are fed through Router.dispatch as the event stream would."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from app.calls.dialing import DialStatus, PresentationRefused
from app.telephony.ari.call import AriCall
from app.telephony.ari.models import Channel, resource_ids_of
from app.telephony.router import Router
from tests.harness.fake_ari import FakeAri

PARENT = {
    "id": "parent-1",
    "name": "PJSIP/carrier-1",
    "state": "Ring",
    "caller": {"number": "602111222"},
    "dialplan": {"exten": "234234399"},
}


async def owned(number: str) -> bool:
    return number == "234234301"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Router, AriCall, FakeAri]:
    client = FakeAri()
    router = Router(client, {}, tmp_path, caller_id_guard=owned)  # type: ignore[arg-type]
    call = AriCall(
        client,
        Channel.from_json(PARENT),
        tmp_path,
        tracker=router,  # type: ignore[arg-type]
        caller_id_guard=owned,
    )
    router.calls[call.channel_id] = call
    return router, call, client


async def _leg_id(client: FakeAri) -> str:
    for _ in range(100):
        if "originate" in client.names():
            return str(client.requests[client.names().index("originate")][1]["channel_id"])
        await asyncio.sleep(0)
    raise AssertionError("nothing was originated")


async def test_busy_leg(setup: tuple[Router, AriCall, FakeAri]) -> None:
    router, call, client = setup
    dialing = asyncio.create_task(call.dial("221234567", present="234234301", timeout=5))
    leg = await _leg_id(client)
    originate = client.requests[0][1]
    assert originate["endpoint"] == "PJSIP/221234567@carrier"
    assert originate["caller_id"] == '"234234301" <234234301>'
    assert originate["app_args"] == "leg,parent-1"
    assert leg in router.sinks
    router.dispatch({"type": "Dial", "peer": {"id": leg}, "dialstatus": "BUSY"})
    router.dispatch({"type": "ChannelDestroyed", "channel": {"id": leg}, "cause": 17})
    dialed = await dialing
    assert dialed.status is DialStatus.BUSY and dialed.leg is None
    assert leg not in router.sinks


async def test_answered_leg_enters_stasis_without_starting_a_flow(
    setup: tuple[Router, AriCall, FakeAri],
) -> None:
    router, call, client = setup
    dialing = asyncio.create_task(call.dial("221234567", present="234234301", timeout=5))
    leg = await _leg_id(client)
    router.dispatch({"type": "StasisStart", "channel": {"id": leg}, "args": ["leg", "parent-1"]})
    dialed = await dialing
    assert dialed.status is DialStatus.ANSWERED and dialed.leg is not None
    assert router.tasks == {}, "a leg never starts a flow"

    connecting = asyncio.create_task(call.connect(dialed.leg, record_as="masked-9"))
    for _ in range(20):
        await asyncio.sleep(0)
    assert client.names()[1:4] == ["create_bridge", "record_bridge", "add_to_bridge"]
    bridge = client.requests[1][1]["args"][0]
    router.dispatch({"type": "StasisEnd", "channel": {"id": leg}})  # the callee hangs up
    for _ in range(20):
        await asyncio.sleep(0)
    router.dispatch(
        {
            "type": "RecordingFinished",
            "recording": {
                "name": "masked-9",
                "state": "done",
                "duration": 42,
                "target_uri": f"bridge:{bridge}",
            },
        }
    )
    conversation = await connecting
    assert conversation.ended_by == "callee"
    assert conversation.recording.duration_seconds == 42
    assert conversation.recording.path.endswith("masked-9.wav")
    assert "stop_recording" in client.names() and "destroy_bridge" in client.names()
    assert router.sinks == {}


async def test_unowned_caller_id_is_refused_before_anything_is_sent(
    setup: tuple[Router, AriCall, FakeAri],
) -> None:
    _, call, client = setup
    with pytest.raises(PresentationRefused):
        await call.dial("221234567", present="602111222", timeout=5)
    assert client.requests == []


async def test_caller_hanging_up_while_ringing_drops_the_leg(
    setup: tuple[Router, AriCall, FakeAri],
) -> None:
    router, call, client = setup
    cancelled: list[str] = []
    call.on_end = lambda: cancelled.append("cancel")
    dialing = asyncio.create_task(call.dial("221234567", present="234234301", timeout=5))
    leg = await _leg_id(client)
    router.dispatch({"type": "StasisEnd", "channel": {"id": "parent-1"}})
    dialed = await dialing
    assert dialed.status is DialStatus.CALLER_GONE
    assert cancelled == [], "the flow is not cancelled while it waits on a dial"
    assert ("hangup", {"args": (leg,)}) in client.requests


async def test_orphaned_leg_is_hung_up(tmp_path: Path) -> None:
    client = FakeAri()
    router = Router(client, {}, tmp_path)  # type: ignore[arg-type]
    router.dispatch({"type": "StasisStart", "channel": {"id": "late"}, "args": ["leg", "gone"]})
    await asyncio.sleep(0.01)
    assert ("hangup", {"args": ("late",)}) in client.requests
    assert router.calls == {}


@pytest.mark.parametrize(
    ("event", "ids"),
    [
        ({"type": "Dial", "peer": {"id": "p"}, "dialstatus": "ANSWER"}, ["p"]),
        (
            {"type": "RecordingFinished", "recording": {"name": "r", "target_uri": "bridge:b"}},
            ["b"],
        ),
        ({"type": "PlaybackStarted", "playback": {"id": "x", "target_uri": "channel:c"}}, ["c"]),
        (
            {"type": "ChannelEnteredBridge", "channel": {"id": "c"}, "bridge": {"id": "b"}},
            ["c", "b"],
        ),
    ],
)
def test_resource_ids_of(event: dict[str, Any], ids: list[str]) -> None:
    assert resource_ids_of(event) == ids


async def test_a_call_the_dialplan_answered_is_not_answered_again(tmp_path: Path) -> None:
    client = FakeAri()
    up = AriCall(client, Channel.from_json({**PARENT, "state": "Up"}), tmp_path)  # type: ignore[arg-type]
    ringing = AriCall(client, Channel.from_json(PARENT), tmp_path)  # type: ignore[arg-type]
    await up.answer()
    assert client.names() == []
    await ringing.answer()
    assert client.names() == ["answer"] and ringing.answered
