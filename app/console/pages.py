"""What a system's console pages call: the signed-in staff, rendering a template inside the
console's layout, and writing to the audit trail."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from aiohttp import web

from app.console.signins import SignIn
from app.console.staff import Staff
from app.console.web.state import CONSOLE, signin_of

SECURITY_HEADERS = {
    # No inline script or style anywhere: the hotkeys and live updates are static files,
    # htmx is configured from a meta tag.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def redirect(location: str) -> web.Response:
    """A 303 returned, not raised: raised responses skip the guard's security headers."""
    return web.Response(status=303, headers={"Location": location})


def current_signin(request: web.Request) -> SignIn:
    signin = signin_of(request)
    if signin is None:
        # The guard lets no page handler run without a session; reaching here is a bug.
        raise web.HTTPUnauthorized(text="not signed in")
    return signin


def current_staff(request: web.Request) -> Staff:
    return current_signin(request).staff


def render(
    request: web.Request,
    template: str,
    context: Mapping[str, object] | None = None,
    *,
    status: int = 200,
    title: str = "",
) -> web.Response:
    """`template` is "<system>/<file>" for a system's own templates; they extend
    "base.html" to get the layout, navigation, hotkeys and live updates."""
    console = request.app[CONSOLE]
    signin = signin_of(request)
    role = signin.staff.role if signin else None
    values: dict[str, object] = {
        "title": title,
        "staff": signin.staff if signin else None,
        "csrf_token": signin.csrf_token if signin else "",
        "nav": [link for link in console.nav if role in link.roles],
        "path": request.path,
        **(context or {}),
    }
    body = console.templates.get_template(template).render(values)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


async def audit(
    request: web.Request, action: str, detail: Mapping[str, object] | None = None
) -> None:
    """One row in the audit trail for the signed-in staff (or `anonymous`)."""
    console = request.app[CONSOLE]
    signin = signin_of(request)
    await console.audit.record(
        console.clock(),
        signin.staff.username if signin else "anonymous",
        action,
        detail,
        staff_id=signin.staff.id if signin else None,
        client_address=request.remote,
    )


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> web.Response:
    """A CSV file to save (UTF-8 with a byte-order mark, so spreadsheets read names in any
    script). Text that a spreadsheet would run as a formula is kept as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_inert(value) for value in row])
    return web.Response(
        body=out.getvalue().encode("utf-8-sig"),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _inert(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
