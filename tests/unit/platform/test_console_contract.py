"""A system's console pages mount under /<system>/ with their roles checked at build: a
typo in a role fails at start instead of locking everybody out of a page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiohttp import web

from app.console.contract import ConsolePages, NavEntry, PageRoute
from app.console.events import LiveEvents
from app.console.roles import UnknownRole
from app.console.settings import ConsoleSettings
from app.console.web.app import console_app
from app.console.web.state import CONSOLE
from app.db.engine import make_engine, make_sessionmaker


async def _page(request: web.Request) -> web.StreamResponse:
    return web.Response(text="page")


def _build(pages: ConsolePages, events: LiveEvents | None = None) -> web.Application:
    sessionmaker = make_sessionmaker(make_engine("sqlite://"))
    return console_app(
        ConsoleSettings(), sessionmaker, events or LiveEvents(), [pages], lambda: datetime.now(UTC)
    )


def test_pages_mount_under_the_systems_prefix_with_nav_and_topics() -> None:
    events = LiveEvents()
    app = _build(
        ConsolePages(
            system="hotel",
            roles=frozenset({"operator"}),
            routes=(PageRoute("GET", "rooms", _page), PageRoute("POST", "rooms/{number}", _page)),
            nav=(NavEntry("Rooms", "rooms", hotkey="g r"),),
            topics={"hotel.call": frozenset({"operator", "frontdesk"})},
        ),
        events,
    )
    paths = {resource.canonical for resource in app.router.resources()}
    assert {"/hotel/rooms", "/hotel/rooms/{number}", "/", "/login", "/events"} <= paths
    (link,) = app[CONSOLE].nav
    assert (link.href, link.roles, link.hotkey) == ("/hotel/rooms", {"operator"}, "g r")
    assert events.may_see("frontdesk", "hotel.call") and not events.may_see("admin", "hotel.call")


@pytest.mark.parametrize(
    "pages",
    [
        ConsolePages("hotel", frozenset({"operater"}), (PageRoute("GET", "", _page),)),
        ConsolePages(
            "hotel",
            frozenset({"operator"}),
            (PageRoute("GET", "", _page, roles=frozenset({"boss"})),),
        ),
        ConsolePages("hotel", frozenset({"operator"}), (), topics={"t": frozenset({"guest"})}),
    ],
)
def test_an_unknown_role_anywhere_in_a_contribution_fails_the_build(pages: ConsolePages) -> None:
    with pytest.raises(UnknownRole):
        _build(pages)
