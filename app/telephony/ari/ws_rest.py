"""ARI REST requests over the events WebSocket (Asterisk 20.14 / 21.9 / 22.4 and later).

Each request is one JSON text frame; Asterisk answers with a `RESTResponse` event on the
same socket. Against HTTP this saves, per request, aiohttp's request building, header
writing and response parsing in our process, and Asterisk's HTTP session handling in its
own: the bulk of the controller's per-call CPU in `make bench` profiles. Responses also
arrive in order with the events, so a playback's `PlaybackFinished` can never overtake the
answer to the request that started it.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any, Protocol
from urllib.parse import urlencode

import orjson

from app.telephony.ari.errors import AriUnavailable, error_for

Params = dict[str, str | int | float]

# As the HTTP session's total timeout: a request Asterisk never answers is an outage.
REQUEST_TIMEOUT_SECONDS = 10.0


class TextSocket(Protocol):
    async def send_str(self, data: str) -> None: ...


class WebSocketRest:
    def __init__(self, timeout: float = REQUEST_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._socket: TextSocket | None = None
        self._pending: dict[str, asyncio.Future[tuple[int, str]]] = {}
        self._ids = itertools.count(1)
        self.sent = 0

    @property
    def ready(self) -> bool:
        return self._socket is not None

    def attach(self, socket: TextSocket) -> None:
        self._socket = socket

    def detach(self) -> None:
        """The socket is gone: whatever was asked and not answered fails as an outage."""
        self._socket = None
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(AriUnavailable(0, "ARI WebSocket closed", ""))

    async def request(
        self, method: str, path: str, params: Params | None = None, body: Any = None
    ) -> Any:
        socket = self._socket
        if socket is None:
            raise AriUnavailable(0, "ARI WebSocket not connected", path)
        request_id = str(next(self._ids))
        uri = path.lstrip("/")
        if params:
            uri += "?" + urlencode(params)
        message: dict[str, Any] = {
            "type": "RESTRequest",
            "request_id": request_id,
            "method": method,
            "uri": uri,
        }
        if body is not None:
            message["content_type"] = "application/json"
            message["message_body"] = orjson.dumps(body).decode()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[int, str]] = loop.create_future()
        self._pending[request_id] = future
        # A plain timer on the future: cheaper than an asyncio.timeout context per request.
        timer = loop.call_later(self.timeout, _expire, future)
        try:
            await socket.send_str(orjson.dumps(message).decode())
            self.sent += 1
            status, text = await future
        except (ConnectionError, RuntimeError, TimeoutError) as exc:
            # RuntimeError: aiohttp refuses to send on a socket that is closing.
            raise AriUnavailable(0, str(exc) or type(exc).__name__, path) from exc
        finally:
            timer.cancel()
            self._pending.pop(request_id, None)
        if status >= 300:
            raise error_for(status, text, path)
        return orjson.loads(text) if text else None

    def on_response(self, event: dict[str, Any]) -> None:
        """A `RESTResponse` event from the socket's reader."""
        future = self._pending.get(str(event.get("request_id", "")))
        if future is not None and not future.done():
            future.set_result((int(event.get("status_code", 0)), event.get("message_body") or ""))


def _expire(future: asyncio.Future[tuple[int, str]]) -> None:
    if not future.done():
        future.set_exception(TimeoutError("no answer from Asterisk"))
