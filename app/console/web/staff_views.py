"""The admins' staff page: every account, adding one, a new password, disabling. Passwords
are generated here and shown once on the page that made them (never typed into a form an
onlooker can read back, never stored in clear)."""

from __future__ import annotations

from aiohttp import web

from app.console.pages import audit, current_staff, render
from app.console.passwords import generated_password
from app.console.roles import ROLES, UnknownRole
from app.console.staff import StaffError
from app.console.web.state import CONSOLE


async def staff_page(
    request: web.Request,
    *,
    error: str = "",
    shown: tuple[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    accounts = await request.app[CONSOLE].accounts.all()
    return render(
        request,
        "staff.html",
        {"accounts": accounts, "roles": sorted(ROLES), "error": error, "shown": shown},
        status=status,
        title="Staff",
    )


async def staff_list(request: web.Request) -> web.StreamResponse:
    return await staff_page(request)


async def staff_add(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    password = generated_password()
    try:
        member = await request.app[CONSOLE].accounts.add(
            str(form.get("username", "")),
            password,
            role=str(form.get("role", "")),
            display_name=str(form.get("name", "")).strip() or None,
            extension=str(form.get("extension", "")).strip()[:32] or None,
        )
    except (StaffError, UnknownRole) as problem:
        return await staff_page(request, error=f"{problem}; nobody was added.", status=400)
    await audit(request, "staff_add", {"username": member.username, "role": member.role})
    return await staff_page(request, shown=(member.username, password))


async def staff_change(request: web.Request) -> web.StreamResponse:
    """POST /staff/{username}/passwd or /disable: each ends the account's sessions."""
    accounts = request.app[CONSOLE].accounts
    username, change = request.match_info["username"], request.match_info["change"]
    if username == current_staff(request).username and change == "disable":
        return await staff_page(request, error="You cannot disable your own account.", status=400)
    try:
        if change == "passwd":
            password = generated_password()
            member = await accounts.set_password(username, password)
        else:
            member = await accounts.disable(username)
    except StaffError as problem:
        return await staff_page(request, error=f"{problem}.", status=404)
    request.app[CONSOLE].events.end_sessions_of(member.id)
    await audit(request, f"staff_{change}", {"username": member.username})
    return await staff_page(
        request, shown=(member.username, password) if change == "passwd" else None
    )
