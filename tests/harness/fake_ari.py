"""A fake ARI client that records requests, for unit tests of the ARI adapter and router."""

from __future__ import annotations

from typing import Any

from app.telephony.ari.models import Channel


class FakeAri:
    app = "switchboard"

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []

    async def originate(self, endpoint: str, **params: Any) -> Channel:
        self.requests.append(("originate", {"endpoint": endpoint, **params}))
        return Channel.from_json({"id": params["channel_id"]})

    def __getattr__(self, name: str) -> Any:
        async def record(*args: Any, **params: Any) -> None:
            self.requests.append((name, {"args": args, **params}))

        return record

    def names(self) -> list[str]:
        return [name for name, _ in self.requests]
