"""AriCall's bridge steps beyond `connect` against a fake ARI client: a bridge the flow
releases (nobody hung up, the leg can be bridged again), two legs handed over to each
other while the call's own channel drops out, and a caller sent to a phone's voicemail."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from app.calls.dialing import Dialed, EndedBy
from app.telephony.ari.call import VOICEMAIL_CONTEXT, AriCall
from app.telephony.ari.models import Channel
from app.telephony.router import Router
from tests.harness.fake_ari import FakeAri

OPERATOR = {"id": "op-1", "name": "PJSIP/2001-1", "state": "Up", "caller": {"number": "2001"}}


async def owned(number: str) -> bool:
    return number == "2150550200"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Router, AriCall, FakeAri]:
    client = FakeAri()
    router = Router(client, {}, tmp_path, caller_id_guard=owned)  # type: ignore[arg-type]
    call = AriCall(
        client,
        Channel.from_json(OPERATOR),
        tmp_path,
        tracker=router,  # type: ignore[arg-type]
        caller_id_guard=owned,
    )
    router.calls[call.channel_id] = call
    return router, call, client


async def settle() -> None:
    for _ in range(30):
        await asyncio.sleep(0)


async def answered(router: Router, client: FakeAri, dialing: asyncio.Task[Dialed]) -> Dialed:
    """The leg `dialing` originates answers (enters our application)."""
    before = client.names().count("originate")
    for _ in range(100):
        if client.names().count("originate") > before:
            break
        await asyncio.sleep(0)
    leg = str([p for name, p in client.requests if name == "originate"][-1]["channel_id"])
    router.dispatch({"type": "StasisStart", "channel": {"id": leg}, "args": ["leg", "op-1"]})
    return await dialing


def finish_recording(router: Router, client: FakeAri, name: str) -> None:
    bridge = [p for n, p in client.requests if n == "create_bridge"][-1]["args"][0]
    router.dispatch(
        {
            "type": "RecordingFinished",
            "recording": {
                "name": name,
                "state": "done",
                "duration": 5,
                "target_uri": f"bridge:{bridge}",
            },
        }
    )


async def test_a_released_bridge_hangs_nobody_up_and_can_be_bridged_again(
    setup: tuple[Router, AriCall, FakeAri],
) -> None:
    router, call, client = setup
    far = await answered(
        router, client, asyncio.create_task(call.dial("0044", present="2150550200", timeout=5))
    )
    assert far.leg is not None
    release = asyncio.Event()
    talking = asyncio.create_task(call.connect(far.leg, record_as="v-1", release=release))
    await settle()
    release.set()
    await settle()
    finish_recording(router, client, "v-1")
    conversation = await talking
    assert conversation.ended_by is EndedBy.RELEASED
    assert "hangup" not in client.names()
    assert not call.ended
    # The leg is still this call's: it can be bridged again.
    again = asyncio.create_task(call.connect(far.leg, record_as="v-2"))
    await settle()
    router.dispatch({"type": "StasisEnd", "channel": {"id": far.leg.channel_id}})
    await settle()
    finish_recording(router, client, "v-2")
    assert (await again).ended_by is EndedBy.CALLEE
    assert client.names().count("hangup") == 1  # the operator; the leg had hung up


async def test_hand_over_bridges_two_legs_and_drops_the_calls_own_channel(
    setup: tuple[Router, AriCall, FakeAri],
) -> None:
    router, call, client = setup
    far = await answered(
        router, client, asyncio.create_task(call.dial("0044", present="2150550200", timeout=5))
    )
    room = await answered(router, client, asyncio.create_task(call.dial_phone("102", timeout=5)))
    assert far.leg is not None and room.leg is not None
    handing = asyncio.create_task(call.hand_over(far.leg, room.leg, record_as="v-3"))
    await settle()
    added: Any = [p for n, p in client.requests if n == "add_to_bridge"][-1]["args"][1]
    assert list(added) == [far.leg.channel_id, room.leg.channel_id]
    assert call.ended and ("hangup", {"args": ("op-1",)}) in client.requests
    assert not handing.done(), "the flow goes on while guest and far end talk"
    router.dispatch({"type": "StasisEnd", "channel": {"id": room.leg.channel_id}})
    await settle()
    finish_recording(router, client, "v-3")
    conversation = await handing
    assert conversation.ended_by is EndedBy.CALLEE
    assert conversation.recording is not None and conversation.recording.duration_seconds == 5
    assert router.sinks == {}


async def test_leave_message_sends_the_caller_to_the_phones_voicemail(
    setup: tuple[Router, AriCall, FakeAri],
) -> None:
    router, call, client = setup
    leaving = asyncio.create_task(call.leave_message("102"))
    await settle()
    assert ("continue_in_dialplan", {"args": ("op-1", VOICEMAIL_CONTEXT, "102")}) in client.requests
    assert not leaving.done(), "waits until the call has left our application"
    router.dispatch({"type": "StasisEnd", "channel": {"id": "op-1"}})
    await leaving
    assert call.ended
    with pytest.raises(ValueError):
        await call.leave_message("10;2")
