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


def test_a_shoppers_language(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Czech unless told otherwise (the line's first language); only what the line offers."""
    assert main(["masking", "add-shopper", "Jana", "602111222"]) == 0
    assert capsys.readouterr().out == "shopper 1: Jana 602111222 (cs)\n"
    assert main(["masking", "add-shopper", "John", "603333444", "--language", "en"]) == 0
    assert capsys.readouterr().out == "shopper 2: John 603333444 (en)\n"
    assert main(["masking", "add-shopper", "Ivan", "604555666", "--language", "ru"]) == 2
    assert "speaks cs, en, not 'ru' (SWITCHBOARD_MASKING_LANGUAGES)" in capsys.readouterr().err
    assert main(["masking", "set-language", "602111222", "en"]) == 0
    assert capsys.readouterr().out == "602111222: en\n"
    assert main(["masking", "set-language", "609999999", "en"]) == 2
    assert "not found: shopper 609999999" in capsys.readouterr().err
    assert main(["masking", "shoppers"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [row[3] for row in rows] == ["language", "en", "en"]


def test_a_bad_languages_setting_is_one_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWITCHBOARD_MASKING_LANGUAGES", "cs,klingon")
    assert main(["masking", "add-shopper", "Jana", "602111222"]) == 2
    assert "SWITCHBOARD_MASKING_LANGUAGES: unknown languages" in capsys.readouterr().err


async def test_calls_pending_and_recording(
    cli_env: Path,
    sessionmaker: async_sessionmaker[AsyncSession],
    capsys: pytest.CaptureFixture[str],
) -> None:
    import asyncio

    repo = MaskingRepository(sessionmaker)
    shopper = await repo.add_shopper("Jana", "602111222")
    # 09:30 UTC on a November day is 10:30 in Prague, the line's time zone (the SMS's).
    started = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    call_id = await repo.start_call(
        MaskedCallStart("outbound", shopper.id, "234234301", "221234567", "chan-1", started)
    )
    wav = cli_env / "masked.wav"
    wav.write_bytes(b"RIFF....WAVE")
    await repo.call_ended(call_id, started, "answered", (str(wav), 61.5))
    await repo.record_missed_call(
        shopper, "221555001", "234234301", started, datetime(2099, 1, 2, 3, 4, tzinfo=UTC), str
    )

    def run(*argv: str) -> int:
        return main(list(argv))

    week = ("--since", "2026-11-20", "--until", "2026-11-24")
    assert await asyncio.to_thread(run, "masking", "calls", *week) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "masked calls, 2026-11-20 00:00 to 2026-11-25 00:00 (Europe/Prague)"
    assert lines[2].split("\t")[1:] == [
        "2026-11-24 10:30",
        "outbound",
        "602111222",
        "234234301",
        "221234567",
        "answered",
        "61.5",
        str(wav),
    ]
    assert await asyncio.to_thread(run, "masking", "calls", "--since", "2026-11-24T10:31") == 0
    assert len(capsys.readouterr().out.splitlines()) == 2  # heading, header: nothing since

    assert await asyncio.to_thread(run, "masking", "pending") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "pending callbacks (Europe/Prague)",
        "shopper\torder\tcaller\tto_fictitious\tmissed_at\texpires_at",
    ]
    # The shopper's own number, as the admin knows them; times as the SMS gives them.
    assert lines[2].split("\t") == [
        "602111222", "1", "221555001", "234234301", "2026-11-24 10:30", "2099-01-02 04:04"
    ]  # fmt: skip


async def test_recordings_are_written_as_visit_recordings_are(
    cli_env: Path,
    sessionmaker: async_sessionmaker[AsyncSession],
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    import asyncio

    repo = MaskingRepository(sessionmaker)
    shopper = await repo.add_shopper("Jana", "602111222")
    now = datetime.now(UTC)
    call_id = await repo.start_call(
        MaskedCallStart("outbound", shopper.id, "234234301", "221234567", "chan-1", now)
    )
    wav = cli_env / "spool" / "masked.wav"
    wav.parent.mkdir()
    wav.write_bytes(b"RIFF....WAVE")
    await repo.call_ended(call_id, now, "answered", (str(wav), 61.5))

    def run(*argv: str) -> int:
        return main(list(argv))

    assert await asyncio.to_thread(run, "masking", "recording", str(call_id)) == 0
    saved = Path(f"masked-call-{call_id}.wav")
    copied = capsysbinary.readouterr().out.decode()
    assert copied == f"call {call_id}: recording copied to {saved}\n"
    assert (cli_env / saved).read_bytes() == b"RIFF....WAVE"

    copy = cli_env / "copy.wav"
    copy.write_bytes(b"keep me")
    assert (
        await asyncio.to_thread(run, "masking", "recording", str(call_id), "--output", str(copy))
        == 2
    )
    assert f"{copy} exists; pass --force to overwrite it" in capsysbinary.readouterr().err.decode()
    assert copy.read_bytes() == b"keep me"
    # The old spelling still works, under the same rule.
    assert (
        await asyncio.to_thread(run, "masking", "recording", str(call_id), "--out", str(copy)) == 2
    )
    assert copy.read_bytes() == b"keep me"
    capsysbinary.readouterr()
    assert (
        await asyncio.to_thread(
            run, "masking", "recording", str(call_id), "--output", str(copy), "--force"
        )
        == 0
    )
    assert copy.read_bytes() == b"RIFF....WAVE"
    folder = cli_env / "out"
    folder.mkdir()
    assert (
        await asyncio.to_thread(run, "masking", "recording", str(call_id), "--output", str(folder))
        == 0
    )
    assert (folder / "masked.wav").read_bytes() == b"RIFF....WAVE"
    capsysbinary.readouterr()

    assert await asyncio.to_thread(run, "masking", "recording", str(call_id), "--output", "-") == 0
    assert capsysbinary.readouterr().out == b"RIFF....WAVE"

    assert await asyncio.to_thread(run, "masking", "recording", "999") == 2
    assert "not found: masked call 999" in capsysbinary.readouterr().err.decode()
    wav.unlink()
    assert await asyncio.to_thread(run, "masking", "recording", str(call_id), "--force") == 2
    assert "masked.wav is gone" in capsysbinary.readouterr().err.decode()
