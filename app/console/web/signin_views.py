"""Signing in and out. The sign-in form has its own CSRF token (a cookie and the same value
in the form), so even the sign-in cannot be forged from another site."""

from __future__ import annotations

import math
import secrets
from urllib.parse import urlsplit

from aiohttp import web

from app.console.pages import audit, redirect, render
from app.console.passwords import needs_rehash, verify_password
from app.console.staff import StaffError, checked_username
from app.console.web.guard import CSRF_FIELD, SESSION_COOKIE, refused_page, same_secret
from app.console.web.state import CONSOLE, signin_of

LOGIN_COOKIE = "switchboard_login"


def _safe_next(target: str) -> str:
    """Only a path on this console: `next` must never send a signed-in browser elsewhere."""
    parts = urlsplit(target)
    # Browsers read "/\\host" as "//host"; control characters can smuggle either in.
    odd = "\\" in target or any(ord(ch) < 32 for ch in target)
    if odd or not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return "/"
    return target


def _secure(request: web.Request) -> bool:
    return request.secure or request.app[CONSOLE].settings.secure_cookies


def _login_form(
    request: web.Request, *, status: int = 200, error: str = "", username: str = ""
) -> web.Response:
    # The browser's token is kept while it has one: a second tab (or the favicon's redirect
    # here) must not invalidate the form already showing.
    token = request.cookies.get(LOGIN_COOKIE, "")
    if not 32 <= len(token) <= 64:
        token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {
            "login_token": token,
            "error": error,
            "username": username,
            "next": _safe_next(request.query.get("next", "/")),
        },
        status=status,
        title="Sign in",
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
        path="/login",
    )
    return response


async def login_page(request: web.Request) -> web.StreamResponse:
    if signin_of(request) is not None:
        return redirect("/")
    return _login_form(request)


async def login(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    form = await request.post()
    sent = form.get(CSRF_FIELD, "")
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not (isinstance(sent, str) and sent and expected and same_secret(sent, expected)):
        await audit(request, "csrf_refused", {"method": "POST", "path": "/login"})
        return refused_page(request, signed_in=False)
    username = str(form.get("username", "")).strip().lower()[:64]
    password = str(form.get("password", ""))
    address = request.remote or "unknown"
    wait = console.throttle.retry_after(username, address, console.monotonic())
    if wait > 0:
        await audit(request, "login_throttled", {"username": username})
        minutes = max(1, math.ceil(wait / 60))
        return _login_form(
            request,
            status=429,
            username=username,
            error=(
                "Too many failed sign-ins for this account or from this computer. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
            ),
        )
    try:
        found = await console.accounts.find(checked_username(username))
    except StaffError:  # not even a possible username: no need to ask the database
        found = None
    staff, stored = found if found else (None, None)
    good = verify_password(stored, password) and staff is not None and not staff.disabled
    if not good or staff is None or stored is None:
        console.throttle.failed(username, address, console.monotonic())
        reason = (
            "unknown user"
            if staff is None
            else ("disabled" if staff.disabled else "wrong password")
        )
        await audit(request, "login_failed", {"username": username, "reason": reason})
        return _login_form(
            request, status=401, username=username, error="Wrong username or password."
        )
    console.throttle.succeeded(username)
    if needs_rehash(stored):
        await console.accounts.rehash(staff.id, password)
    token, signin = await console.signins.open(staff, console.clock(), request.remote)
    await console.audit.record(
        console.clock(),
        staff.username,
        "login",
        {},
        staff_id=staff.id,
        client_address=request.remote,
    )
    response = redirect(_safe_next(str(form.get("next", "/"))))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
        path="/",
        max_age=int((signin.expires_at - console.clock()).total_seconds()),
    )
    response.del_cookie(LOGIN_COOKIE, path="/login")
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    signin = signin_of(request)
    if signin is not None:
        await audit(request, "logout")
        await console.signins.close(signin.id)
        console.events.end_session(signin.id)
    response = redirect("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response
