"""`switchboard` admin commands end to end: app.cli.main against a migrated database."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cli import main
from app.db.engine import transaction
from app.systems.evv.models import VisitRow
from tests.harness.evv_visits import seed_visits

DATA = Path(__file__).resolve().parents[2] / "data" / "admin"
WEEK = ["--from", "2026-11-01", "--to", "2026-11-07"]
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00"


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at the test database; run it from an empty folder."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SWITCHBOARD_RUNTIME", str(tmp_path / "var"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
async def visit_ids(
    cli_env: Path, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> dict[str, int]:
    voice = tmp_path / "spool" / "evv-visit-closed.wav"
    voice.parent.mkdir()
    voice.write_bytes(WAV)
    return await seed_visits(sessionmaker, voice_path=str(voice))


def test_agency_and_import(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["visits", "list"]) == 2
    assert "no agency yet: create one with `switchboard agency add`" in capsys.readouterr().err

    add = ["agency", "add", "--name", "Sunrise Home Care", "--account", "100200"]
    assert main([*add, "--max-clients", "3", "--max-visit-minutes", "720"]) == 0
    assert capsys.readouterr().out == "agency 100200 (Sunrise Home Care) added\n"
    assert main([*add, "--max-clients", "3", "--max-visit-minutes", "720"]) == 2
    assert "agency account 100200 already exists" in capsys.readouterr().err
    assert main(["agency", "add", "--name", "X", "--account", "9", "--max-clients", "1",
                 "--max-visit-minutes", "60", "--timezone", "Mars/Base"]) == 2  # fmt: skip
    assert "unknown time zone 'Mars/Base'" in capsys.readouterr().err

    assert main(["import", "clients", str(DATA / "clients.csv"), "--agency", "100200"]) == 1
    out, err = capsys.readouterr()
    assert out == "clients: 3 added, 0 updated, 0 unchanged, 7 rejected\n"
    assert err.splitlines() == [
        "line 4: code '10x3' must be digits only",
        "line 5: phone '555-CALL-NOW' may hold only digits, spaces, + - . ( )",
        "line 6: duplicate code 1001 (first on line 2)",
        "line 7: empty code",
        "line 8: expected 4 fields (code,name,phone,address), found 2",
        "line 9: expected 4 fields (code,name,phone,address), found 5",
        "line 13: empty name",
    ]
    assert main(["import", "clients", str(DATA / "clients.csv")]) == 1
    assert capsys.readouterr().out == "clients: 0 added, 0 updated, 3 unchanged, 7 rejected\n"

    assert main(["import", "caregivers", str(DATA / "caregivers.csv")]) == 0
    assert capsys.readouterr() == ("caregivers: 3 added, 0 updated, 0 unchanged, 0 rejected\n", "")
    assert main(["import", "services", str(DATA / "caregivers.csv")]) == 2
    assert "unknown column active" in capsys.readouterr().err
    assert main(["import", "tasks", "missing.csv"]) == 2
    assert "cannot read missing.csv" in capsys.readouterr().err

    assert main(["agency", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["account", "name", "max", "clients", "max", "minutes", "timezone"]
    assert lines[1].split() == ["100200", "Sunrise", "Home", "Care", "3", "720", "America/New_York"]


def test_visits_list_and_exceptions(
    visit_ids: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["visits", "list", *WEEK]) == 2
    assert "several agencies (100200, 300400): choose one with --agency" in capsys.readouterr().err

    assert main(["visits", "list", *WEEK, "--agency", "100200"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Sunrise Home Care (100200), 2026-11-01 to 2026-11-07 (America/New_York): 3 visits"
    )
    assert lines[1].split()[:5] == ["id", "date", "in", "out", "min"]
    assert [line.split()[0] for line in lines[2:]] == [
        str(visit_ids["closed"]),
        str(visit_ids["no_call_in"]),
        str(visit_ids["open"]),
    ]
    assert lines[2].split()[1:5] == ["2026-11-03", "09:00", "10:01", "62"]

    assert main(["visits", "list", *WEEK, "--agency", "100200", "--exceptions-only"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(": 2 visits")
    assert [line.split()[0] for line in lines[2:]] == [
        str(visit_ids["no_call_in"]),
        str(visit_ids["open"]),
    ]

    assert main(["visits", "exceptions", *WEEK, "--agency", "100200"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [(line.split()[0], line.split()[-2]) for line in lines[2:]] == [
        (str(visit_ids["no_call_in"]), "call_out_without_call_in"),
        (str(visit_ids["no_call_in"]), "unknown_caller_number"),
        (str(visit_ids["open"]), "call_in_not_closed"),
    ]

    # The other agency's day ends at its own (Chicago) midnight.
    assert main(["visits", "list", "--from", "2026-11-03", "--agency", "300400"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Other Care (300400), 2026-11-03 to 2026-11-09 (America/Chicago): 1 visits"
    assert lines[2].split()[1:3] == ["2026-11-03", "09:00"]


def test_visits_export(visit_ids: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["visits", "export", *WEEK, "--agency", "100200", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["agency"]["account_number"] == "100200"
    assert [visit["visit_id"] for visit in document["visits"]] == [
        visit_ids["closed"],
        visit_ids["no_call_in"],
        visit_ids["open"],
    ]
    assert document["visits"][0]["recording"] is True

    target = Path("export.csv")
    args = ["visits", "export", *WEEK, "--agency", "100200", "--output", str(target)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", "3 visits written to export.csv\n")
    with target.open(newline="", encoding="utf-8") as exported:
        rows = list(csv.DictReader(exported))
    assert [row["visit_id"] for row in rows] == [
        str(visit_ids["closed"]),
        str(visit_ids["no_call_in"]),
        str(visit_ids["open"]),
    ]
    assert rows[0]["tasks"] == "02;01"
    assert rows[1]["exceptions"] == "call_out_without_call_in;unknown_caller_number"
    assert list(Path(".").iterdir()) == [target]  # no temporary file left behind

    with pytest.raises(SystemExit) as exit_info:
        main(["visits", "export", "--from", "2026-11-01", "--agency", "100200"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: --to" in capsys.readouterr().err


def test_visit_recording(
    visit_ids: dict[str, int],
    sessionmaker: async_sessionmaker[AsyncSession],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    closed = visit_ids["closed"]
    assert main(["visits", "recording", str(closed)]) == 0
    saved = Path(f"visit-{closed}-client-voice.wav")
    assert capsys.readouterr().out == f"visit {closed}: client voice copied to {saved}\n"
    assert saved.read_bytes() == WAV

    assert main(["visits", "recording", str(closed)]) == 2
    assert "exists; pass --force to overwrite it" in capsys.readouterr().err
    assert main(["visits", "recording", str(closed), "--force"]) == 0
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["visits", "recording", str(closed), "--output", str(folder)]) == 0
    assert (folder / "evv-visit-closed.wav").read_bytes() == WAV
    capsys.readouterr()

    assert main(["visits", "recording", str(visit_ids["open"])]) == 2
    assert f"visit {visit_ids['open']} has no client-voice recording" in capsys.readouterr().err
    assert main(["visits", "recording", "999999"]) == 2
    assert "no visit 999999" in capsys.readouterr().err
    (tmp_path / "spool" / "evv-visit-closed.wav").unlink()
    assert main(["visits", "recording", str(closed), "--force"]) == 2
    assert "evv-visit-closed.wav is gone" in capsys.readouterr().err


async def _set_voice_path(
    sessions: async_sessionmaker[AsyncSession], visit_id: int, path: str
) -> None:
    async with transaction(sessions) as session:
        await session.execute(
            update(VisitRow).where(VisitRow.id == visit_id).values(client_voice_path=path)
        )


@pytest.fixture
async def relative_voice(
    visit_ids: dict[str, int], sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> int:
    """A recording stored as ARI names it: relative to the recording folder, no suffix."""
    recordings = tmp_path / "var" / "spool" / "recording"
    recordings.mkdir(parents=True)
    (recordings / "evv-visit-7.wav").write_bytes(WAV)
    await _set_voice_path(sessionmaker, visit_ids["closed"], "evv-visit-7")
    return visit_ids["closed"]


def test_recording_to_stdout_and_relative_paths(
    relative_voice: int, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["visits", "recording", str(relative_voice), "--output", "-"]) == 0
    assert capsysbinary.readouterr().out == WAV


def test_usage_and_fatal_errors(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SWITCHBOARD_RUNTIME", str(tmp_path / "var"))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    (tmp_path / "switchboard.db").touch()  # a database file nobody migrated
    assert main(["visits", "list"]) == 2
    assert "is the schema up to date (`switchboard db upgrade`)?" in capsys.readouterr().err
    for argv in (
        ["visits", "list", "--from", "2026-11-31"],
        ["visits", "list", "--to", "11/07/2026"],
        ["visits", "export", *WEEK, "--format", "xml"],
        ["visits", "recording", "seven"],
        ["import", "patients", "x.csv"],
        ["visits"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2, argv
    assert "expected a date YYYY-MM-DD, got '2026-11-31'" in capsys.readouterr().err
    assert main(["visits", "list", "--from", "2026-11-08", "--to", "2026-11-07"]) == 2
