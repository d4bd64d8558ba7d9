"""CSV import against a migrated database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.errors import AdminError
from app.systems.evv.admin.agencies import NewAgency, add_agency
from app.systems.evv.admin.csv_import import ImportReport, import_file, import_stream
from app.systems.evv.admin.csv_reader import RowError
from app.systems.evv.admin.kinds import Kind
from app.systems.evv.models import CaregiverRow, ClientRow, ServiceRow, TaskRow
from app.systems.evv.rules.reference import Agency

DATA = Path(__file__).resolve().parents[2] / "data" / "admin"

Sessions = async_sessionmaker[AsyncSession]


async def _agency(sessions: Sessions, account: str = "100200") -> Agency:
    return await add_agency(
        sessions, NewAgency(f"Agency {account}", account, 3, 720, "America/New_York")
    )


@pytest.fixture
async def agency(sessionmaker: Sessions) -> Agency:
    return await _agency(sessionmaker)


async def _clients(sessions: Sessions) -> list[tuple[str, str, str, str | None]]:
    async with sessions() as session:
        rows = await session.execute(
            select(ClientRow.code, ClientRow.name, ClientRow.phone, ClientRow.address).order_by(
                ClientRow.code
            )
        )
        return list(rows.all())


async def _codes(sessions: Sessions, model: type[ServiceRow] | type[TaskRow]) -> list[str]:
    async with sessions() as session:
        return list(await session.scalars(select(model.code).order_by(model.code)))


async def test_bad_rows_are_named_and_good_rows_kept(
    sessionmaker: Sessions, agency: Agency
) -> None:
    report = await import_file(
        sessionmaker, Kind.CLIENTS, agency.account_number, DATA / "clients.csv"
    )
    assert [str(error) for error in report.errors] == [
        "line 4: code '10x3' must be digits only",
        "line 5: phone '555-CALL-NOW' may hold only digits, spaces, + - . ( )",
        "line 6: duplicate code 1001 (first on line 2)",
        "line 7: empty code",
        "line 8: expected 4 fields (code,name,phone,address), found 2",
        "line 9: expected 4 fields (code,name,phone,address), found 5",
        "line 13: empty name",
    ]
    assert (report.inserted, report.updated, report.unchanged) == (3, 0, 0)
    assert await _clients(sessionmaker) == [
        ("1001", "John Smith", "15550001001", "12 Elm St, Apt 3"),
        ("1002", "Mary Jones", "5550001002", None),
        ("1009", "Amina Yusuf", "5550001009", "7 Pine Ave Unit 2"),
    ]
    assert report.summary() == "clients: 3 added, 0 updated, 0 unchanged, 7 rejected"


async def test_reimport_is_idempotent_and_updates_by_code(
    sessionmaker: Sessions, agency: Agency
) -> None:
    path = DATA / "clients.csv"
    await import_file(sessionmaker, Kind.CLIENTS, agency.account_number, path)
    first = await _clients(sessionmaker)
    again = await import_file(sessionmaker, Kind.CLIENTS, agency.account_number, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert len(again.errors) == 7
    assert await _clients(sessionmaker) == first

    changed = b"code,name,phone\n1002,Mary Jones-Smith,5550001002\n1003,New Client,5550001003\n"
    report = await import_stream(sessionmaker, Kind.CLIENTS, agency.id, io.BytesIO(changed))
    assert (report.inserted, report.updated, report.unchanged, report.errors) == (1, 1, 0, ())
    clients = {row[0]: row for row in await _clients(sessionmaker)}
    # No address column: the stored address is left as it was.
    assert clients["1002"] == ("1002", "Mary Jones-Smith", "5550001002", None)
    assert clients["1001"] == first[0]
    assert clients["1003"] == ("1003", "New Client", "5550001003", None)


async def test_codes_are_per_agency_except_caregivers(
    sessionmaker: Sessions, agency: Agency
) -> None:
    other = await _agency(sessionmaker, "300400")
    ours = b"code,name\n1234,Maria Lopez\n5678,Ahmed Hassan\n"
    assert (
        await import_stream(sessionmaker, Kind.CAREGIVERS, agency.id, io.BytesIO(ours))
    ).inserted == 2

    theirs = b"code,name,active\n9999,Li Wei,yes\n5678,Someone Else,yes\n"
    report = await import_stream(sessionmaker, Kind.CAREGIVERS, other.id, io.BytesIO(theirs))
    assert report.errors == (RowError(3, "caregiver code 5678 belongs to another agency"),)
    assert report.inserted == 1
    async with sessionmaker() as session:
        rows = (
            await session.execute(
                select(CaregiverRow.code, CaregiverRow.agency_id, CaregiverRow.name).order_by(
                    CaregiverRow.code
                )
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("1234", agency.id, "Maria Lopez"),
        ("5678", agency.id, "Ahmed Hassan"),
        ("9999", other.id, "Li Wei"),
    ]

    # Services, tasks and clients may share codes across agencies.
    services = b"code,name\n10,Personal care\n"
    for owner in (agency, other):
        report = await import_stream(sessionmaker, Kind.SERVICES, owner.id, io.BytesIO(services))
        assert (report.inserted, report.errors) == (1, ())
    assert await _codes(sessionmaker, ServiceRow) == ["10", "10"]


async def test_caregiver_active_flag(sessionmaker: Sessions, agency: Agency) -> None:
    report = await import_file(sessionmaker, Kind.CAREGIVERS, None, DATA / "caregivers.csv")
    assert (report.inserted, report.errors) == (3, ())

    async def active() -> dict[str, bool]:
        async with sessionmaker() as session:
            rows = await session.execute(select(CaregiverRow.code, CaregiverRow.active))
            return {code: flag for code, flag in rows}

    assert await active() == {"1234": True, "5678": True, "2468": False}
    # A file without the column leaves the flag alone (re-activating takes active=yes).
    names = b"code,name\n2468,Li Wei\n"
    report = await import_stream(sessionmaker, Kind.CAREGIVERS, agency.id, io.BytesIO(names))
    assert report.unchanged == 1
    assert (await active())["2468"] is False


async def test_bom_and_leading_zeros(sessionmaker: Sessions, agency: Agency) -> None:
    report = await import_file(sessionmaker, Kind.TASKS, None, DATA / "tasks_bom.csv")
    assert report.errors == (
        RowError(4, "task code 00 is reserved: callers press 00 to start over"),
    )
    assert await _codes(sessionmaker, TaskRow) == ["01", "02", "3"]


async def test_latin1_lines_are_rejected_one_by_one(sessionmaker: Sessions, agency: Agency) -> None:
    report = await import_file(sessionmaker, Kind.SERVICES, None, DATA / "services_latin1.csv")
    assert report.errors == (
        RowError(3, "not UTF-8 (byte 0xe9 at byte 14); save the file as CSV UTF-8"),
    )
    assert await _codes(sessionmaker, ServiceRow) == ["10", "30"]


async def test_a_large_file_commits_in_batches(sessionmaker: Sessions, agency: Agency) -> None:
    lines = [b"code,name,phone"]
    lines += [b"%d,Client %d,555%07d" % (n, n, n) for n in range(1, 1201)]
    lines[500] = b"bad,row,5550000000"  # line 501
    lines[1100] = b"7,Duplicate,5550000007"  # line 1101, in a later batch
    data = b"\n".join(lines) + b"\n"
    report = await import_stream(
        sessionmaker, Kind.CLIENTS, agency.id, io.BytesIO(data), batch_size=100
    )
    assert [error.line for error in report.errors] == [501, 1101]
    assert report.inserted == 1198
    assert len(await _clients(sessionmaker)) == 1198


async def test_row_errors_found_while_writing_are_sorted_by_line(
    sessionmaker: Sessions, agency: Agency
) -> None:
    other = await _agency(sessionmaker, "300400")
    await import_stream(sessionmaker, Kind.CAREGIVERS, other.id, io.BytesIO(b"code,name\n1,A\n"))
    data = b"code,name\n1,Taken\n2,B\nx,Bad\n"
    report: ImportReport = await import_stream(
        sessionmaker, Kind.CAREGIVERS, agency.id, io.BytesIO(data), batch_size=10
    )
    assert [error.line for error in report.errors] == [2, 4]


async def test_fatal_problems(sessionmaker: Sessions, agency: Agency, tmp_path: Path) -> None:
    with pytest.raises(AdminError, match="no agency with account number 999"):
        await import_file(sessionmaker, Kind.TASKS, "999", DATA / "tasks_bom.csv")
    with pytest.raises(AdminError, match=r"cannot read .*missing\.csv"):
        await import_file(sessionmaker, Kind.TASKS, None, tmp_path / "missing.csv")
    with pytest.raises(AdminError, match="missing column phone"):
        await import_file(sessionmaker, Kind.CLIENTS, None, DATA / "tasks_bom.csv")
    await _agency(sessionmaker, "300400")
    with pytest.raises(AdminError, match=r"several agencies \(100200, 300400\)"):
        await import_file(sessionmaker, Kind.TASKS, None, DATA / "tasks_bom.csv")


async def test_hostile_files_report_row_errors_and_keep_good_rows(
    sessionmaker: Sessions, agency: Agency
) -> None:
    """A 200 kB field, a NUL byte (PostgreSQL text cannot hold one), an unterminated quote:
    each is a row error; the rows around them are imported."""
    data = (
        b"code,name,phone\n"
        b"1,Fine,5550000001\n"
        b"2," + b"A" * 200_000 + b",5550000002\n"
        b"3,Nul\x00Byte,5550000003\n"
        b"4,Also fine,5550000004\n"
        b'5,"Unterminated,5550000005\n'
    )
    report = await import_stream(sessionmaker, Kind.CLIENTS, agency.id, io.BytesIO(data))
    assert [error.line for error in report.errors] == [3, 4, 6]
    assert [code for code, *_ in await _clients(sessionmaker)] == ["1", "4"]


async def test_a_huge_file_imports_with_its_bad_rows_named(
    sessionmaker: Sessions, agency: Agency
) -> None:
    lines = [b"code,name,phone"]
    lines += [b"%d,Client %d,555%07d" % (n, n, n) for n in range(1, 10_001)]
    lines[5_000] = b"5000,Client,not a phone"
    data = b"\n".join(lines) + b"\n"
    report = await import_stream(sessionmaker, Kind.CLIENTS, agency.id, io.BytesIO(data))
    assert [error.line for error in report.errors] == [5_001]
    assert report.inserted == 9_999
