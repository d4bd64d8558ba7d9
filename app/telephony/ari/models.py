"""Typed views of the ARI resources we use. Built from event/response JSON, read-only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    state: str
    caller_number: str
    caller_name: str
    exten: str
    language: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Channel:
        caller = body.get("caller") or {}
        dialplan = body.get("dialplan") or {}
        return cls(
            id=body["id"],
            name=body.get("name", ""),
            state=body.get("state", ""),
            caller_number=caller.get("number", ""),
            caller_name=caller.get("name", ""),
            exten=dialplan.get("exten", ""),
            language=body.get("language", "en"),
        )


@dataclass(frozen=True, slots=True)
class Playback:
    id: str
    state: str
    target_uri: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Playback:
        return cls(
            id=body["id"], state=body.get("state", ""), target_uri=body.get("target_uri", "")
        )


@dataclass(frozen=True, slots=True)
class LiveRecording:
    name: str
    state: str
    duration: float
    target_uri: str
    cause: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> LiveRecording:
        return cls(
            name=body["name"],
            state=body.get("state", ""),
            duration=float(body.get("duration") or 0),
            target_uri=body.get("target_uri", ""),
            cause=body.get("cause", ""),
        )


@dataclass(frozen=True, slots=True)
class Bridge:
    id: str
    bridge_type: str
    channels: tuple[str, ...]

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Bridge:
        return cls(
            id=body["id"],
            bridge_type=body.get("bridge_type", ""),
            channels=tuple(body.get("channels", ())),
        )


def channel_id_of(event: dict[str, Any]) -> str | None:
    """The channel an event concerns, whether it names it directly or as a target URI."""
    channel = event.get("channel")
    if channel is not None:
        return str(channel["id"])
    for key in ("playback", "recording"):
        resource = event.get(key)
        if resource is not None:
            target = str(resource.get("target_uri", ""))
            if target.startswith("channel:"):
                return target[len("channel:") :]
    return None


def resource_ids_of(event: dict[str, Any]) -> list[str]:
    """Every channel or bridge an event concerns, most specific first: a Dial event names
    the dialed channel as `peer`, a bridge recording its bridge as `bridge:<id>`."""
    found: list[str] = []
    channel = channel_id_of(event)
    if channel is not None:
        found.append(channel)
    peer = event.get("peer")
    if isinstance(peer, dict) and "id" in peer:
        found.append(str(peer["id"]))
    for key in ("playback", "recording"):
        resource = event.get(key)
        if resource is not None:
            target = str(resource.get("target_uri", ""))
            if target.startswith("bridge:"):
                found.append(target[len("bridge:") :])
    bridge = event.get("bridge")
    if isinstance(bridge, dict) and "id" in bridge:
        found.append(str(bridge["id"]))
    return found
