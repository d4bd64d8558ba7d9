"""`switchboard hotel ...` end to end: app.cli.main against a migrated database with the
demo hotel; the one-line errors for rooms that do not exist or have no guest; CSV."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cli import main
from app.systems.hotel.demo import seed_hotel_demo
from app.systems.hotel.records import ChargeRequest, VoucherDraft
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.stay import VoucherOutcome
from app.systems.hotel.settings import HotelSettings


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
    # main() runs its own event loop: off the test's loop, in a thread.
    return await asyncio.to_thread(main, ["hotel", *argv])


async def test_rooms_checkin_move_checkout(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await hotel("rooms") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == [
        "room",
        "extension",
        "guest",
        "language",
        "privacy",
        "dnd",
        "cos",
        "lamp",
    ]
    assert lines[1].split("\t") == ["101", "101", "张伟", "zh", "no", "no", "international", "no"]
    assert len(lines) == 13

    assert await hotel("checkin", "106", "周杰", "--language", "zh", "--cos", "local") == 0
    assert capsys.readouterr().out == (
        "checked in: 周杰 (Zhou Jie) to room 106, zh, class of service local\n"
    )
    assert await hotel("move", "106", "202") == 0
    assert capsys.readouterr().out == "moved: 周杰 from room 106 to room 202\n"
    assert await hotel("wakeup", "202", "0630", "--daily") == 0
    assert "room 202: wake-up at " in capsys.readouterr().out
    assert await hotel("checkout", "202") == 0
    assert capsys.readouterr().out == (
        "checked out: 周杰 from room 202; DND and message lamp off, 1 wake-up call(s) "
        "cancelled, class of service internal\n"
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("checkin", "999", "Nobody"), "there is no room 999"),
        (("checkin", "101", "Someone"), "room 101 is occupied by 张伟"),
        (("checkout", "106"), "room 106 has no guest checked in"),
        (("move", "101", "102"), "room 102 is occupied by John Smith"),
        (("move", "106", "202"), "room 106 has no guest checked in"),
        (("wakeup", "101", "2561"), "2561 is not a time of day"),
        (("wakeup", "106", "0630"), "room 106 has no guest checked in"),
        (("guests", "nobody"), "no guest in house matches 'nobody'"),
        (("tariffs", "remove", "99"), "there is no tariff for prefix 99"),
        (("vouchers", "show", "42"), "there is no voucher 42"),
        (("rooms", "add", "901"), "outside-line prefix"),
        (("privacy", "106", "on"), "room 106 has no guest checked in"),
    ],
)
async def test_one_line_errors(
    cli_env: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], error: str
) -> None:
    assert await hotel(*argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("switchboard: error: ") and error in captured.err
    assert captured.err.count("\n") == 1


async def test_guest_search_and_tariffs(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert await hotel("guests", "--all", "--csv", "-") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["room"], r["latin"]) for r in rows][:2] == [
        ("101", "Zhang Wei"),
        ("102", "John Smith"),
    ]
    assert await hotel("guests", "zhang wei") == 0
    assert capsys.readouterr().out.splitlines()[1].split("\t")[:3] == ["101", "张伟", "Zhang Wei"]
    assert await hotel("tariffs", "add", "0033", "France", "7.50", "--minimum", "7.5") == 0
    assert capsys.readouterr().out == "tariff 0033: France, 7.50 per minute\n"
    assert await hotel("tariffs", "--csv", "-") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["prefix", "name", "per_minute", "minimum", "idd_surcharge", "p2p_surcharge"]
    assert ["0033", "France", "7.50", "7.50", "0.00", "0.00"] in rows
    # argparse refuses it with the usage line, as for every malformed argument.
    with pytest.raises(SystemExit) as exit_info:
        await hotel("tariffs", "add", "0033", "F", "7.505")
    assert exit_info.value.code == 2 and "to the fen" in capsys.readouterr().err


async def test_vouchers_postings_and_the_staff_log_export_csv(
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    repo = HotelRepository(sessionmaker, HotelSettings())
    at = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    voucher = await repo.open_voucher(
        VoucherDraft(
            "102",
            "0012125551234",
            "person_to_person",
            "Li Na",
            "2002",
            recipient_name="Mary Smith",
            city_name="New York",
            city_code="001212",
        ),
        at,
    )
    await repo.voucher_connected(voucher.id, at)
    await repo.close_voucher(voucher.id, VoucherOutcome.COMPLETED, at.replace(minute=2))
    await repo.post_charge(ChargeRequest("call-9", "101", "62345678", "direct", 70, at))
    await repo.log_staff_call("leg-1", "2400", "01012345678", "direct", at, 61)

    assert await hotel("vouchers", "show", str(voucher.id)) == 0
    printed = capsys.readouterr().out
    assert "Telephone voucher 电话凭证 No. 1" in printed
    assert "Recipient 接收人: Mary Smith    Number 号码: 0012125551234" in printed
    assert "Charge: 32.00 CNY" in printed  # 2 min x 6.00 + 20.00 person-to-person

    out = cli_env / "vouchers.csv"
    assert await hotel("vouchers", "--from", "2026-12-02", "--csv", str(out)) == 0
    assert capsys.readouterr().out == f"1 row(s) written to {out}\n"
    [header, row] = list(csv.reader(out.open(encoding="utf-8")))
    record = dict(zip(header, row, strict=True))
    assert (record["room"], record["caller"], record["call_type"], record["charge"]) == (
        "102",
        "John Smith",
        "person_to_person",
        "32.00",
    )
    assert record["created_at"] == "2026-12-02 10:00"  # Shanghai time

    assert await hotel("postings", "--csv", "-") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["posting_key"], r["amount"], r["status"]) for r in rows] == [
        ("voucher-1", "32.00", "local"),
        ("call-9", "0.60", "local"),
    ]
    assert await hotel("postings", "--from", "2026-12-03") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert await hotel("postings", "price", "2", "1.00") == 2
    assert "posting 2 is local, not unrated" in capsys.readouterr().err

    assert await hotel("staff-calls", "--csv", "-") == 0
    [logged] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (
        logged["name"],
        logged["department"],
        logged["destination"],
        logged["seconds"],
        logged["cost"],
    ) == ("赵敏", "销售部 Sales", "01012345678", "61", "1.60")
