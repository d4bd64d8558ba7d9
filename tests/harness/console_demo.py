"""One tiny console contribution for the tests of the contract (never a system in app/):
a page with live fields and keys, a form that writes the audit trail, an admin-only page,
and two live topics (one for operators and admins, one for admins only)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from app.console.contract import ConsolePages, NavEntry, PageRoute
from app.console.pages import audit, current_staff, redirect, render
from app.console.roles import ADMIN, OPERATOR
from app.console.settings import ConsoleSettings
from tests.harness.console_server import ConsoleUnderTest

PING = "demo.ping"
ADMIN_ONLY = "demo.secret"
TEMPLATES = Path(__file__).resolve().parent / "console_pages"
# username: (password, role, display name)
STAFF = {
    "olga": ("olga-operator-pw", "operator", "Olga Operator"),
    "adam": ("adam-admin-password", "admin", "Adam Admin"),
    "fred": ("fred-frontdesk-pw", "frontdesk", "Fred Frontdesk"),
}


async def desk(request: web.Request) -> web.StreamResponse:
    return render(
        request,
        "demo/desk.html",
        {"saved": request.query.get("saved", "")},
        title="Demo desk",
    )


async def note(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    text = str(form.get("note", ""))[:200]
    await audit(request, "demo_note", {"note": text, "by": current_staff(request).username})
    return redirect("/demo/?saved=1")


async def fragment(request: web.Request) -> web.StreamResponse:
    """An htmx request: the CSRF token arrives as the X-CSRF-Token header."""
    form = await request.post()
    await audit(request, "demo_htmx", {"note": str(form.get("note", ""))[:200]})
    return web.Response(text='<span id="pong">saved by htmx</span>', content_type="text/html")


async def admin_page(request: web.Request) -> web.StreamResponse:
    return render(request, "demo/admin.html", title="Demo admin")


DEMO_PAGES = ConsolePages(
    system="demo",
    roles=frozenset({OPERATOR, ADMIN}),
    routes=(
        PageRoute("GET", "", desk),
        PageRoute("POST", "note", note),
        PageRoute("POST", "fragment", fragment),
        PageRoute("GET", "admin", admin_page, roles=frozenset({ADMIN})),
    ),
    nav=(
        NavEntry("Demo desk", "", hotkey="g d"),
        NavEntry("Demo admin", "admin", roles=frozenset({ADMIN})),
    ),
    templates=TEMPLATES,
    topics={PING: frozenset({OPERATOR, ADMIN}), ADMIN_ONLY: frozenset({ADMIN})},
)


def start_demo_console(folder: Path, settings: ConsoleSettings | None = None) -> ConsoleUnderTest:
    """The console with the demo pages and the three staff, over a new database."""
    console = ConsoleUnderTest(folder / "switchboard.db", [DEMO_PAGES], settings).start()
    for username, (password, role, name) in STAFF.items():
        console.add_staff(username, password, role, name)
    return console
