"""The console's own pages: the start page (what the role may open) and the audit trail."""

from __future__ import annotations

from aiohttp import web

from app.console.pages import render
from app.console.web.state import CONSOLE


async def home(request: web.Request) -> web.StreamResponse:
    return render(request, "home.html", title="Switchboard console")


async def audit_trail(request: web.Request) -> web.StreamResponse:
    entries = await request.app[CONSOLE].audit.latest(200)
    return render(request, "audit.html", {"entries": entries}, title="Audit trail")
