"""Demo staff for `make run`: one account per role, with generated passwords written to the
git-ignored secrets file (there is no default password)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import store_secrets
from app.console.passwords import generated_password
from app.console.roles import ADMIN, FRONTDESK, OPERATOR
from app.console.staff import StaffAccounts

# (username and role, display name, phone extension). The demo operator sits at 2001, the
# demo hotel's first operator phone, so an assisted call placed from the console rings it.
DEMO_STAFF = (
    (OPERATOR, "Demo Operator", "2001"),
    (FRONTDESK, "Demo Front Desk", None),
    (ADMIN, "Demo Admin", None),
)


def secret_name(username: str) -> str:
    return f"console_{username}_password"


async def seed_demo_staff(
    sessionmaker: async_sessionmaker[AsyncSession], secrets_file: Path
) -> list[str]:
    accounts = StaffAccounts(sessionmaker)
    if await accounts.any():
        return []
    passwords = {username: generated_password() for username, _, _ in DEMO_STAFF}
    # The file first: a crash between the two leaves passwords nobody uses, never accounts
    # nobody can sign in to (the next run seeds again, the table still empty).
    store_secrets(secrets_file, {secret_name(name): value for name, value in passwords.items()})
    for username, display_name, extension in DEMO_STAFF:
        await accounts.add(
            username,
            passwords[username],
            role=username,
            display_name=display_name,
            extension=extension,
        )
    names = ", ".join(username for username, _, _ in DEMO_STAFF)
    return [f"demo console staff {names} (passwords: {secret_name('<user>')} in {secrets_file})"]
