"""What a system hands the console: its pages under /<system>/, its templates and static
files, the roles that see them, its navigation entries and the live-event topics it
publishes with the roles allowed to receive each.

Types only from aiohttp here: `app.system` names these classes and every `switchboard`
command imports it, so nothing heavy may load with this module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Called by flows and background tasks (no aiohttp, no await): the console fans the event
# out to every open browser whose role may see the topic. Payloads are JSON-able.
LiveEventPublisher = Callable[[str, Mapping[str, object]], None]


def nobody_listening(topic: str, payload: Mapping[str, object]) -> None:
    """The publisher when no console runs (admin commands, tests of systems)."""


@dataclass(frozen=True)
class PageRoute:
    method: str  # GET, POST, ...
    path: str  # below /<system>/, e.g. "" or "rooms/{number}"
    handler: Handler
    # Narrower than the contribution's roles for, say, an admin-only form; None: theirs.
    roles: frozenset[str] | None = None


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str  # below /<system>/
    roles: frozenset[str] | None = None
    # A key sequence the hotkeys script binds to the entry ("g r": press g, then r).
    hotkey: str | None = None


@dataclass(frozen=True)
class ConsolePages:
    system: str  # also the URL prefix and the template prefix ("<system>/page.html")
    roles: frozenset[str]
    routes: Sequence[PageRoute]
    nav: Sequence[NavEntry] = ()
    templates: Path | None = None
    static: Path | None = None  # served under /static/<system>/
    # Live-event topic -> roles whose browsers receive it. A topic nobody declared reaches
    # nobody: events are private unless a system says who may see them.
    topics: Mapping[str, frozenset[str]] = field(default_factory=dict)
