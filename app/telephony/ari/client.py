"""A thin typed ARI REST client on one pooled aiohttp session."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

import aiohttp

from app.telephony.ari.errors import AriUnavailable, error_for
from app.telephony.ari.models import Bridge, Channel, LiveRecording, Playback
from app.telephony.ari.ws_rest import Params, WebSocketRest


class AriClient:
    def __init__(self, base_url: str, user: str, password: str, app: str) -> None:
        self.base_url = base_url.rstrip("/") + "/ari"
        self.app = app
        self._authorization = basic_authorization(user, password)
        self._session: aiohttp.ClientSession | None = None
        # While the event stream is connected, requests go over its socket; HTTP is for
        # start-up, reconnects and anything asked while the socket is down.
        self.websocket = WebSocketRest()
        self.http_requests = 0

    @property
    def auth_header(self) -> str:
        return self._authorization

    async def __aenter__(self) -> AriClient:
        self.session()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def session(self) -> aiohttp.ClientSession:
        # One pooled session for the process: no per-request connection setup. Idle
        # connections are dropped before Asterisk's own 15 s keep-alive (http.conf
        # session_keep_alive) closes them under us; ARI sets no cookies, so no cookie jar
        # is consulted on every request.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"Authorization": self.auth_header},
                timeout=aiohttp.ClientTimeout(total=10),
                connector=aiohttp.TCPConnector(limit=64, keepalive_timeout=10),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self, method: str, path: str, params: Params | None = None, body: Any = None
    ) -> Any:
        if self.websocket.ready:
            return await self.websocket.request(method, path, params, body)
        return await self.http_request(method, path, params, body)

    async def http_request(
        self, method: str, path: str, params: Params | None = None, body: Any = None
    ) -> Any:
        url = self.base_url + path
        self.http_requests += 1
        clean = {k: str(v) for k, v in (params or {}).items()}
        try:
            async with self.session().request(method, url, params=clean, json=body) as response:
                text = await response.text()
                if response.status >= 300:
                    raise error_for(response.status, text, path)
                return json.loads(text) if text else None
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            raise AriUnavailable(0, str(exc) or type(exc).__name__, path) from exc

    # channels
    async def answer(self, channel_id: str) -> None:
        await self.request("POST", f"/channels/{channel_id}/answer")

    async def hangup(self, channel_id: str, reason: str = "normal") -> None:
        await self.request("DELETE", f"/channels/{channel_id}", {"reason": reason})

    async def ring(self, channel_id: str) -> None:
        await self.request("POST", f"/channels/{channel_id}/ring")

    async def continue_in_dialplan(self, channel_id: str, context: str, extension: str) -> None:
        """The channel leaves our application for the dialplan (StasisEnd follows)."""
        params: Params = {"context": context, "extension": extension, "priority": 1}
        await self.request("POST", f"/channels/{channel_id}/continue", params)

    async def get_channel(self, channel_id: str) -> Channel:
        return Channel.from_json(await self.request("GET", f"/channels/{channel_id}"))

    async def list_channels(self) -> list[Channel]:
        return [Channel.from_json(item) for item in await self.request("GET", "/channels")]

    async def play(self, channel_id: str, media: Sequence[str], playback_id: str) -> Playback:
        params: Params = {"media": ",".join(media), "playbackId": playback_id}
        return Playback.from_json(
            await self.request("POST", f"/channels/{channel_id}/play", params)
        )

    async def stop_playback(self, playback_id: str) -> None:
        await self.request("DELETE", f"/playbacks/{playback_id}")

    async def record(
        self,
        channel_id: str,
        name: str,
        *,
        max_seconds: float,
        silence_seconds: float,
        terminator: str,
        beep: bool = True,
    ) -> LiveRecording:
        params: Params = {
            "name": name,
            "format": "wav",
            "maxDurationSeconds": int(max_seconds),
            "maxSilenceSeconds": int(silence_seconds),
            "ifExists": "overwrite",
            "beep": "true" if beep else "false",
            "terminateOn": terminator or "none",
        }
        return LiveRecording.from_json(
            await self.request("POST", f"/channels/{channel_id}/record", params)
        )

    async def originate(
        self, endpoint: str, *, caller_id: str, timeout: int, app_args: str, channel_id: str
    ) -> Channel:
        params: Params = {
            "endpoint": endpoint,
            "app": self.app,
            "appArgs": app_args,
            "callerId": caller_id,
            "timeout": timeout,
            "channelId": channel_id,
        }
        return Channel.from_json(await self.request("POST", "/channels", params))

    # bridges
    async def create_bridge(self, bridge_id: str, kind: str = "mixing") -> Bridge:
        params: Params = {"type": kind, "bridgeId": bridge_id}
        return Bridge.from_json(await self.request("POST", "/bridges", params))

    async def add_to_bridge(self, bridge_id: str, channel_ids: Sequence[str]) -> None:
        params: Params = {"channel": ",".join(channel_ids)}
        await self.request("POST", f"/bridges/{bridge_id}/addChannel", params)

    async def record_bridge(self, bridge_id: str, name: str, *, max_seconds: int) -> LiveRecording:
        params: Params = {
            "name": name,
            "format": "wav",
            "maxDurationSeconds": max_seconds,
            "ifExists": "fail",
            "beep": "false",
            "terminateOn": "none",
        }
        return LiveRecording.from_json(
            await self.request("POST", f"/bridges/{bridge_id}/record", params)
        )

    async def stop_recording(self, name: str) -> None:
        await self.request("POST", f"/recordings/live/{name}/stop")

    async def destroy_bridge(self, bridge_id: str) -> None:
        await self.request("DELETE", f"/bridges/{bridge_id}")

    async def list_bridges(self) -> list[Bridge]:
        return [Bridge.from_json(item) for item in await self.request("GET", "/bridges")]

    # applications
    async def filter_events(self, allowed: Sequence[str]) -> None:
        """Ask Asterisk to send our application only these event types."""
        body = {"allowed": [{"type": kind} for kind in allowed]}
        await self.request("PUT", f"/applications/{self.app}/eventFilter", body=body)

    async def ping(self) -> dict[str, Any]:
        info: dict[str, Any] = await self.request("GET", "/asterisk/info")
        return info


def basic_authorization(user: str, password: str) -> str:
    """The `Authorization` header value (aiohttp's BasicAuth helper is deprecated)."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
