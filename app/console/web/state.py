"""What every console request handler reaches through `request.app[CONSOLE]`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import jinja2
from aiohttp import web

from app.console.audit import AuditTrail
from app.console.contract import ConsolePages, NavEntry
from app.console.events import LiveEvents
from app.console.settings import ConsoleSettings
from app.console.signins import SignIn, SignIns
from app.console.staff import StaffAccounts
from app.console.throttle import LoginThrottle


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str
    roles: frozenset[str]
    hotkey: str | None


@dataclass
class ConsoleState:
    settings: ConsoleSettings
    accounts: StaffAccounts
    signins: SignIns
    audit: AuditTrail
    throttle: LoginThrottle
    events: LiveEvents
    templates: jinja2.Environment
    clock: Callable[[], datetime]
    monotonic: Callable[[], float]
    pages: Sequence[ConsolePages]
    nav: Sequence[NavLink]


CONSOLE = web.AppKey("console", ConsoleState)
SIGNIN = web.RequestKey("signin", SignIn)


def nav_links(pages: Sequence[ConsolePages]) -> list[NavLink]:
    def link(contribution: ConsolePages, entry: NavEntry) -> NavLink:
        return NavLink(
            entry.label,
            f"/{contribution.system}/{entry.path}",
            entry.roles if entry.roles is not None else contribution.roles,
            entry.hotkey,
        )

    return [link(contribution, entry) for contribution in pages for entry in contribution.nav]


def signin_of(request: web.Request) -> SignIn | None:
    return request.get(SIGNIN)
