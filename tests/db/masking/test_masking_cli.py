"""`switchboard masking ...` end to end: app.cli.main against a migrated database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cli import main
from app.systems.masking.repository import MaskingRepository
from app.systems.masking.rules import MaskedCallStart


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SWITCHBOARD_RUNTIME", str(tmp_path / "var"))
    # No Asterisk runs for this runtime: pool changes must say so, not fail.
    monkeypatch.setenv("ASTERISK_PREFIX", str(tmp_path / "no-asterisk"))
    (tmp_path / "var" / "etc").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_shoppers_pool_and_pairings(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["masking", "add-number", "234234301", "234 234 302"]) == 0
    out = capsys.readouterr().out
    assert "pool: 234234301, 234234302" in out
    assert "Asterisk is not running here" in out
    assert "234234302" in (cli_env / "var" / "etc" / "extensions_pool.conf").read_text()

    assert main(["masking", "add-shopper", "Jana", "602111222", "--pair", "234234301"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "602111222: ID 1 = 234234301"
    assert main(["masking", "pair", "602111222", "234234302", "--id", "5"]) == 0
    assert capsys.readouterr().out == "602111222: ID 5 = 234234302\n"
    assert main(["masking", "shoppers"]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith("\t1=234234301 5=234234302")

    assert main(["masking", "add-shopper", "Again", "602111222"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["masking", "pair", "602111222", "999"]) == 2
    assert "not in the pool" in capsys.readouterr().err
    assert main(["masking", "unpair", "602111222", "234234302"]) == 0
    assert main(["masking", "unpair", "602111222", "234234302"]) == 2


async def test_calls_pending_and_recording(
    cli_env: Path,
    sessionmaker: async_sessionmaker[AsyncSession],
    capsys: pytest.CaptureFixture[str],
) -> None:
    import asyncio

    repo = MaskingRepository(sessionmaker)
    shopper = await repo.add_shopper("Jana", "602111222")
    now = datetime.now(UTC)
    call_id = await repo.start_call(
        MaskedCallStart("outbound", shopper.id, "234234301", "221234567", "chan-1", now)
    )
    wav = cli_env / "masked.wav"
    wav.write_bytes(b"RIFF....WAVE")
    await repo.call_ended(call_id, now, "answered", (str(wav), 61.5))
    await repo.record_missed_call(
        shopper, "221555001", "234234301", now, now.replace(year=2099), str
    )

    def run(*argv: str) -> int:
        return main(list(argv))

    assert await asyncio.to_thread(run, "masking", "calls") == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert "\toutbound\t602111222\t234234301\t221234567\tanswered\t61.5\t" in line
    assert await asyncio.to_thread(run, "masking", "pending") == 0
    assert "\t1\t221555001\t234234301\t" in capsys.readouterr().out
    out = cli_env / "copy.wav"
    assert (
        await asyncio.to_thread(run, "masking", "recording", str(call_id), "--out", str(out)) == 0
    )
    assert out.read_bytes() == b"RIFF....WAVE"
    assert await asyncio.to_thread(run, "masking", "recording", "999") == 2
