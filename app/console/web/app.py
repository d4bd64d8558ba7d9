"""Builds the console's aiohttp application from the platform's parts and the systems'
page contributions."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.console.audit import AuditTrail
from app.console.contract import ConsolePages
from app.console.events import LiveEvents
from app.console.roles import ADMIN, EVERY_ROLE, checked_roles
from app.console.settings import ConsoleSettings
from app.console.signins import SignIns
from app.console.staff import StaffAccounts
from app.console.throttle import LoginThrottle
from app.console.web import home, signin_views, staff_views, stream
from app.console.web.guard import guard, require_role
from app.console.web.state import CONSOLE, ConsoleState, nav_links

HERE = Path(__file__).resolve().parent.parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def template_environment(pages: Sequence[ConsolePages]) -> jinja2.Environment:
    systems = {
        contribution.system: jinja2.FileSystemLoader(contribution.templates)
        for contribution in pages
        if contribution.templates is not None
    }
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(TEMPLATES), jinja2.PrefixLoader(systems)]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def console_app(
    settings: ConsoleSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    events: LiveEvents,
    pages: Sequence[ConsolePages],
    clock: Callable[[], datetime],
    monotonic: Callable[[], float] = time.monotonic,
) -> web.Application:
    app = web.Application(middlewares=[guard], client_max_size=1024 * 1024)
    app[CONSOLE] = ConsoleState(
        settings=settings,
        accounts=StaffAccounts(sessionmaker),
        signins=SignIns(sessionmaker, timedelta(hours=settings.session_hours)),
        audit=AuditTrail(sessionmaker),
        throttle=LoginThrottle(
            per_user=settings.max_failures_per_user,
            per_address=settings.max_failures_per_address,
            window_seconds=settings.failure_window_seconds,
        ),
        events=events,
        templates=template_environment(pages),
        clock=clock,
        monotonic=monotonic,
        pages=pages,
        nav=nav_links(pages),
    )
    app.router.add_get("/", require_role(EVERY_ROLE, home.home))
    app.router.add_get("/login", signin_views.login_page)
    app.router.add_post("/login", signin_views.login)
    app.router.add_post("/logout", signin_views.logout)
    app.router.add_get("/events", require_role(EVERY_ROLE, stream.events))
    admins = frozenset({ADMIN})
    app.router.add_get("/audit", require_role(admins, home.audit_trail))
    app.router.add_get("/staff", require_role(admins, staff_views.staff_list))
    app.router.add_post("/staff", require_role(admins, staff_views.staff_add))
    app.router.add_post(
        r"/staff/{username}/{change:passwd|disable}", require_role(admins, staff_views.staff_change)
    )
    app.router.add_static("/static/", STATIC)
    for contribution in pages:
        _mount(app, contribution, events)
    return app


def _mount(app: web.Application, contribution: ConsolePages, events: LiveEvents) -> None:
    roles = checked_roles(contribution.roles)
    for route in contribution.routes:
        allowed = checked_roles(route.roles) if route.roles is not None else roles
        app.router.add_route(
            route.method,
            f"/{contribution.system}/{route.path}",
            require_role(allowed, route.handler),
        )
    if contribution.static is not None:
        app.router.add_static(f"/static/{contribution.system}/", contribution.static)
    for topic, topic_roles in contribution.topics.items():
        events.allow(topic, checked_roles(topic_roles))
