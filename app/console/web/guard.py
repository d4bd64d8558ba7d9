"""The middleware every console request passes: security headers, the session from its
cookie, the CSRF check on every state-changing request, and sign-in before any page."""

from __future__ import annotations

import hmac
import logging
from urllib.parse import quote

from aiohttp import web
from aiohttp.typedefs import Handler

from app.calls.store_errors import STORE_ERRORS
from app.console.pages import SECURITY_HEADERS, audit, redirect, render
from app.console.web.state import CONSOLE, SIGNIN, signin_of

log = logging.getLogger(__name__)

SESSION_COOKIE = "switchboard_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Reached without a session; everything else redirects to the sign-in page.
OPEN_PATHS = frozenset({"/login"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await _guarded(request, handler)
    except STORE_ERRORS as error:
        # A dead or locked database is the one failure staff can do nothing about but wait:
        # a clear page, never a traceback, and no half-done change (each write is one
        # transaction).
        log.warning("console: %s %s: database unavailable: %s", request.method, request.path, error)
        response = render(request, "unavailable.html", status=503, title="Try again shortly")
    except web.HTTPException as error:
        # aiohttp's own 404 / 405 are raised: they get the headers too.
        for name, value in SECURITY_HEADERS.items():
            error.headers.setdefault(name, value)
        raise
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    console = request.app[CONSOLE]
    if request.path.startswith("/static/"):
        return await handler(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    signin = await console.signins.find(token, console.clock()) if token else None
    if signin is not None:
        request[SIGNIN] = signin
    if request.method not in SAFE_METHODS and request.path not in OPEN_PATHS:
        refused = await _csrf_refusal(request)
        if refused is not None:
            return refused
    if signin is None and request.path not in OPEN_PATHS:
        if request.method in SAFE_METHODS and request.path != "/events":
            return redirect(
                f"/login?next={quote(request.path_qs)}" if request.path != "/" else "/login"
            )
        return web.Response(status=401, text="sign in first")
    return await handler(request)


async def _csrf_refusal(request: web.Request) -> web.StreamResponse | None:
    signin = signin_of(request)
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = await request.post()
        field = form.get(CSRF_FIELD, "")
        sent = field if isinstance(field, str) else ""
    if signin is not None and sent and same_secret(sent, signin.csrf_token):
        return None
    reason = "no session" if signin is None else ("no token" if not sent else "wrong token")
    log.warning(
        "console: refused %s %s from %s (%s)", request.method, request.path, request.remote, reason
    )
    await audit(
        request, "csrf_refused", {"method": request.method, "path": request.path, "reason": reason}
    )
    return refused_page(request, signed_in=signin is not None)


def same_secret(sent: str, expected: str) -> bool:
    """Constant-time, and as bytes: `compare_digest` raises on non-ASCII text, which a
    forged token may well be (header bytes that are not UTF-8 arrive as surrogates)."""
    return hmac.compare_digest(sent.encode("utf-8", "surrogateescape"), expected.encode())


def refused_page(request: web.Request, *, signed_in: bool) -> web.Response:
    return render(
        request,
        "refused.html",
        {"signed_in": signed_in},
        status=403,
        title="Request refused",
    )


def require_role(roles: frozenset[str], handler: Handler) -> Handler:
    """A page only some roles may see: anyone else gets a 403 page naming who may."""

    async def checked(request: web.Request) -> web.StreamResponse:
        signin = signin_of(request)
        if signin is None:
            return web.Response(status=401, text="sign in first")
        if signin.staff.role not in roles:
            await audit(request, "forbidden", {"method": request.method, "path": request.path})
            return render(
                request,
                "forbidden.html",
                {"allowed": sorted(roles)},
                status=403,
                title="Not for your role",
            )
        return await handler(request)

    return checked
