"""Staff accounts, sign-in sessions, the audit trail and the demo staff, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import load_secrets
from app.console.audit import AuditTrail
from app.console.demo import seed_demo_staff
from app.console.models import StaffRow, StaffSessionRow
from app.console.passwords import verify_password
from app.console.roles import UnknownRole
from app.console.signins import SignIns, token_hash
from app.console.staff import StaffAccounts, StaffError

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


async def _session_count(sessionmaker: Sessions) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(StaffSessionRow)) or 0)


async def test_an_account_is_added_once_with_its_hash_and_role(sessionmaker: Sessions) -> None:
    accounts = StaffAccounts(sessionmaker)
    olga = await accounts.add(
        "Olga", "olga-operator-pw", role="operator", display_name="Olga W", extension="201"
    )
    assert (olga.username, olga.role, olga.display_name, olga.extension, olga.disabled) == (
        "olga",
        "operator",
        "Olga W",
        "201",
        False,
    )
    found = await accounts.find("OLGA")
    assert found is not None and found[0] == olga
    assert verify_password(found[1], "olga-operator-pw")
    with pytest.raises(StaffError, match="already exists"):
        await accounts.add("olga", "another-password", role="admin")
    with pytest.raises(UnknownRole):
        await accounts.add("otto", "otto-password-1", role="boss")
    assert [member.username for member in await accounts.all()] == ["olga"]


async def test_a_session_is_found_by_its_token_until_it_expires(sessionmaker: Sessions) -> None:
    olga = await StaffAccounts(sessionmaker).add("olga", "olga-operator-pw", role="operator")
    signins = SignIns(sessionmaker, timedelta(hours=12))
    token, signin = await signins.open(olga, NOW, "127.0.0.1")
    async with sessionmaker() as session:
        row = await session.scalar(select(StaffSessionRow))
    assert row is not None and row.token_hash == token_hash(token) != token
    assert (await signins.find(token, NOW + timedelta(hours=11))) == signin
    assert await signins.find(token, NOW + timedelta(hours=12)) is None
    assert await signins.find("forged-" + token, NOW) is None
    assert await signins.find("", NOW) is None
    assert await signins.alive(signin.id, NOW)
    assert not await signins.alive(signin.id, NOW + timedelta(hours=12))
    await signins.close(signin.id)
    assert await signins.find(token, NOW) is None
    assert not await signins.alive(signin.id, NOW)


async def test_a_new_password_or_disabling_ends_every_session(sessionmaker: Sessions) -> None:
    accounts = StaffAccounts(sessionmaker)
    olga = await accounts.add("olga", "olga-operator-pw", role="operator")
    signins = SignIns(sessionmaker, timedelta(hours=12))
    first, _ = await signins.open(olga, NOW, None)
    await accounts.set_password("olga", "a-brand-new-password")
    assert await signins.find(first, NOW) is None
    found = await accounts.find("olga")
    assert found is not None and verify_password(found[1], "a-brand-new-password")
    second, signin = await signins.open(olga, NOW, None)
    disabled = await accounts.disable("olga")
    assert not await signins.alive(signin.id, NOW)
    assert disabled.disabled and await signins.find(second, NOW) is None
    assert await _session_count(sessionmaker) == 0
    with pytest.raises(StaffError, match="no staff named 'nobody'"):
        await accounts.disable("nobody")


async def test_expired_sessions_are_removed_when_the_staff_signs_in_again(
    sessionmaker: Sessions,
) -> None:
    olga = await StaffAccounts(sessionmaker).add("olga", "olga-operator-pw", role="operator")
    signins = SignIns(sessionmaker, timedelta(hours=1))
    await signins.open(olga, NOW, None)
    await signins.open(olga, NOW + timedelta(hours=2), None)
    assert await _session_count(sessionmaker) == 1
    assert await signins.purge_expired(NOW + timedelta(hours=5)) == 1


async def test_the_audit_trail_keeps_who_what_when_and_detail(sessionmaker: Sessions) -> None:
    olga = await StaffAccounts(sessionmaker).add("olga", "olga-operator-pw", role="operator")
    trail = AuditTrail(sessionmaker)
    await trail.record(NOW, "olga", "login", {}, staff_id=olga.id, client_address="127.0.0.1")
    await trail.record(
        NOW + timedelta(seconds=5), "nobody", "login_failed", {"username": "nobody", "n": 1}
    )
    latest = await trail.latest()
    assert [(entry.actor, entry.action) for entry in latest] == [
        ("nobody", "login_failed"),
        ("olga", "login"),
    ]
    assert latest[0].detail == {"username": "nobody", "n": 1} and latest[0].staff_id is None
    assert latest[1].at == NOW and latest[1].client_address == "127.0.0.1"


async def test_the_demo_staff_get_generated_passwords_in_the_secrets_file_once(
    sessionmaker: Sessions, tmp_path: Path
) -> None:
    secrets_file = tmp_path / "secrets.env"
    (seeded,) = await seed_demo_staff(sessionmaker, secrets_file)
    assert str(secrets_file) in seeded
    secrets = load_secrets(secrets_file, generate=False)
    accounts = StaffAccounts(sessionmaker)
    for username, role in (
        ("operator", "operator"),
        ("frontdesk", "frontdesk"),
        ("admin", "admin"),
    ):
        password = secrets[f"console_{username}_password"]
        assert len(password) >= 20
        found = await accounts.find(username)
        assert found is not None and found[0].role == role
        assert verify_password(found[1], password)
    # A second run changes nothing: the same passwords still sign in.
    assert await seed_demo_staff(sessionmaker, secrets_file) == []
    assert load_secrets(secrets_file, generate=False) == secrets
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(StaffRow)) == 3
