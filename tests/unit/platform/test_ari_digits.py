"""AriCall's digit buffer against a fake ARI client: information prompts drop the keys
pressed while they play, an over-long entry is drained until the caller is quiet, a
mashed menu key is seen, and the apology does not queue behind a cancelled prompt."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.telephony.ari.call import AriCall
from app.telephony.ari.models import Channel
from tests.harness.fake_ari import FakeAri

CHANNEL = {"id": "c-1", "name": "PJSIP/carrier-1", "state": "Up", "caller": {"number": "1"}}


def call_of(tmp_path: Path) -> tuple[AriCall, FakeAri]:
    client = FakeAri()
    return AriCall(client, Channel.from_json(CHANNEL), tmp_path), client  # type: ignore[arg-type]


def key(call: AriCall, digit: str) -> None:
    call.on_event({"type": "ChannelDtmfReceived", "digit": digit, "channel": CHANNEL})


def finish(call: AriCall, playback_id: str) -> None:
    call.on_event({"type": "PlaybackFinished", "playback": {"id": playback_id}})


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_keys_pressed_during_information_answer_nothing(tmp_path: Path) -> None:
    call, _ = call_of(tmp_path)
    key(call, "1")  # type-ahead from before the announcement
    playing = asyncio.create_task(call.play(["evv-received"], barge_in=False))
    await settle()
    key(call, "2")  # during it: does not cut it off
    await settle()
    assert not playing.done()
    finish(call, "c-1-p1")
    await playing
    assert await call.read_digits(max_digits=4, first_timeout=0.05, inter_timeout=0.05) == ""


async def test_type_ahead_survives_a_question(tmp_path: Path) -> None:
    call, _ = call_of(tmp_path)
    key(call, "7")
    # A question is skipped by type-ahead and the key stays for the entry.
    assert await call.play(["evv-welcome"]) == "7"
    assert await call.read_digits(max_digits=4, first_timeout=0.05, inter_timeout=0.05) == "7"


async def test_drain_waits_until_the_caller_is_quiet(tmp_path: Path) -> None:
    call, _ = call_of(tmp_path)
    key(call, "1")
    draining = asyncio.create_task(call.drain_digits(quiet=0.1))
    for digit in "2345":
        await asyncio.sleep(0.05)
        key(call, digit)  # still pressing: not over yet
        assert not draining.done()
    await asyncio.wait_for(draining, 1)
    assert await call.read_digits(max_digits=4, first_timeout=0.05, inter_timeout=0.05) == ""


async def test_key_follows_sees_a_second_key_soon_after(tmp_path: Path) -> None:
    call, _ = call_of(tmp_path)
    assert not await call.key_follows(within=0.05)
    asyncio.get_running_loop().call_later(0.02, key, call, "2")
    assert await call.key_follows(within=0.5)
    # seen, not taken
    assert await call.read_digits(max_digits=1, first_timeout=0.05, inter_timeout=0) == "2"


async def test_silence_stops_the_prompt_a_cancelled_flow_left_playing(tmp_path: Path) -> None:
    call, client = call_of(tmp_path)
    playing = asyncio.create_task(call.play(["language-option"] * 6))
    await settle()
    playing.cancel()
    await asyncio.gather(playing, return_exceptions=True)
    await call.silence()
    assert ("stop_playback", {"args": ("c-1-p1",)}) in client.requests
