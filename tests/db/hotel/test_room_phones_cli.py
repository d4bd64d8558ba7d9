"""`switchboard hotel rooms add` / `staff add` give the new extension its registered phone
(context hotel-rooms, a voicemail box), print its secret once and keep it in the secrets
file; every room and staff member without a phone gets one the same way. On SQLite and
PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cli import main
from app.systems.hotel.demo import seed_hotel_demo


@pytest.fixture
async def cli_env(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> Path:
    assert await seed_hotel_demo(sessionmaker)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SWITCHBOARD_RUNTIME", str(tmp_path / "var"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def hotel(*argv: str) -> int:
    return await asyncio.to_thread(main, ["hotel", *argv])


async def phones(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, tuple[str, str]]:
    async with sessionmaker() as session:
        rows = await session.execute(
            text("SELECT extension, context, language FROM sip_phone WHERE owner = 'hotel'")
        )
        return {row[0]: (row[1], row[2]) for row in rows}


async def test_a_new_room_gets_its_phone_and_its_secret_once(
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    assert await hotel("rooms", "add", "301") == 0
    out = capsys.readouterr().out
    assert out.startswith("room 301: extension 301\n")
    # The demo's rooms and staff had no phones yet: they get theirs too.
    printed = {
        line.split()[2]: line.rsplit(" ", 1)[1]
        for line in out.splitlines()
        if line.startswith("secret for ")
    }
    assert {"101", "102", "301", "2001", "2100"} <= set(printed)
    found = await phones(sessionmaker)
    assert found["301"] == ("hotel-rooms", "zh")
    assert found["102"] == ("hotel-rooms", "en")  # John Smith's language
    kept = (cli_env / "var" / "secrets.env").read_text()
    assert f"hotel_phone_301={printed['301']}" in kept

    assert await hotel("staff", "add", "2600", "Zhao Lei", "security") == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("secret for ")] == [
        line for line in out.splitlines() if line.startswith("secret for 2600 ")
    ]
    assert (await phones(sessionmaker))["2600"] == ("hotel-rooms", "zh")
