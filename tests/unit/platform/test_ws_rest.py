"""ARI requests over the event WebSocket: framing, answers, failures (no Asterisk here;
the e2e suite runs every call over the real socket)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from app.telephony.ari.errors import AriUnavailable, NotFound
from app.telephony.ari.ws_rest import WebSocketRest


class Socket:
    """Records frames; answers them when told to, as Asterisk's reader would."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.got_one = asyncio.Event()

    async def send_str(self, data: str) -> None:
        self.sent.append(json.loads(data))
        self.got_one.set()


async def _answer(rest: WebSocketRest, socket: Socket, status: int, body: Any = None) -> None:
    await socket.got_one.wait()
    event: dict[str, Any] = {
        "type": "RESTResponse",
        "request_id": socket.sent[-1]["request_id"],
        "status_code": status,
    }
    if body is not None:
        event["message_body"] = json.dumps(body)
    rest.on_response(event)


async def test_a_request_is_one_frame_and_its_answer_is_the_parsed_body() -> None:
    rest, socket = WebSocketRest(), Socket()
    rest.attach(socket)
    params = {"media": "sound:switchboard/en/a,sound:x", "playbackId": "p1"}
    answered = asyncio.create_task(_answer(rest, socket, 201, {"id": "p1"}))
    result = await rest.request("POST", "/channels/c1/play", params)
    await answered
    assert result == {"id": "p1"}
    [frame] = socket.sent
    assert frame["type"] == "RESTRequest" and frame["method"] == "POST"
    assert frame["uri"] == (
        "channels/c1/play?media=sound%3Aswitchboard%2Fen%2Fa%2Csound%3Ax&playbackId=p1"
    )
    assert "message_body" not in frame


async def test_a_json_body_travels_as_message_body() -> None:
    rest, socket = WebSocketRest(), Socket()
    rest.attach(socket)
    answered = asyncio.create_task(_answer(rest, socket, 204))
    assert await rest.request("PUT", "/applications/a/eventFilter", body={"allowed": []}) is None
    await answered
    assert socket.sent[0]["content_type"] == "application/json"
    assert json.loads(socket.sent[0]["message_body"]) == {"allowed": []}


async def test_an_error_status_raises_the_typed_error_with_asterisks_message() -> None:
    rest, socket = WebSocketRest(), Socket()
    rest.attach(socket)
    answered = asyncio.create_task(_answer(rest, socket, 404, {"message": "Channel not found"}))
    with pytest.raises(NotFound, match="Channel not found"):
        await rest.request("POST", "/channels/gone/answer")
    await answered


async def test_requests_in_flight_fail_as_an_outage_when_the_socket_goes() -> None:
    rest, socket = WebSocketRest(), Socket()
    rest.attach(socket)
    pending = asyncio.create_task(rest.request("POST", "/channels/c1/answer"))
    await socket.got_one.wait()
    rest.detach()
    with pytest.raises(AriUnavailable):
        await pending
    assert not rest.ready


async def test_no_socket_and_no_answer_are_outages() -> None:
    rest = WebSocketRest(timeout=0.05)
    with pytest.raises(AriUnavailable):
        await rest.request("GET", "/channels")
    rest.attach(Socket())
    with pytest.raises(AriUnavailable):
        await rest.request("GET", "/channels")


async def test_answers_to_unknown_or_abandoned_requests_are_ignored() -> None:
    rest = WebSocketRest()
    rest.on_response({"type": "RESTResponse", "request_id": "999", "status_code": 200})
    rest.on_response({"type": "RESTResponse", "status_code": 200})
