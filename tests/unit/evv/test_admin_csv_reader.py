from __future__ import annotations

import codecs
import io

import pytest

from app.admin.errors import AdminError
from app.systems.evv.admin import csv_reader
from app.systems.evv.admin.csv_reader import Columns, Record, RowError, read_records

CLIENTS = Columns(("code", "name", "phone"), ("address",))


def read(data: bytes, columns: Columns = CLIENTS) -> list[Record | RowError]:
    return list(read_records(io.BytesIO(data), columns))


def test_rows_by_column_name_with_physical_line_numbers() -> None:
    data = (
        b"Phone, CODE ,name\n"  # any order, any case, padded
        b"555 000 1001, 1001 , John Smith\n"
        b"\n"
        b'5550001002,1002,"Jones,\nMary"\n'
        b"5550001003,1003,Ali\n"
    )
    assert read(data) == [
        Record(2, {"phone": "555 000 1001", "code": "1001", "name": "John Smith"}),
        Record(4, {"phone": "5550001002", "code": "1002", "name": "Jones,\nMary"}),
        Record(6, {"phone": "5550001003", "code": "1003", "name": "Ali"}),
    ]


def test_crlf_and_a_missing_final_newline() -> None:
    assert read(b"code,name,phone\r\n1,A,5550001001\r\n2,B,5550001002") == [
        Record(2, {"code": "1", "name": "A", "phone": "5550001001"}),
        Record(3, {"code": "2", "name": "B", "phone": "5550001002"}),
    ]


def test_utf8_byte_order_mark_is_not_part_of_the_first_column() -> None:
    data = codecs.BOM_UTF8 + "code,name,phone\n1,Zoë,5550001001\n".encode()
    assert read(data) == [Record(2, {"code": "1", "name": "Zoë", "phone": "5550001001"})]


def test_each_undecodable_line_is_a_row_error_and_the_others_are_read() -> None:
    data = (
        "code,name,phone\n1,Zoë,5550001001\n".encode()
        + b"2,Jos\xe9,5550001002\n"
        + b"3,Li,5550001003\n"
        + b'4,"Garc\xeda\nLopez",5550001004\n'  # bad byte in the middle of a record
        + b"5,Ann,5550001005\n"
    )
    assert read(data) == [
        Record(2, {"code": "1", "name": "Zoë", "phone": "5550001001"}),
        RowError(3, "not UTF-8 (byte 0xe9 at byte 6); save the file as CSV UTF-8"),
        Record(4, {"code": "3", "name": "Li", "phone": "5550001003"}),
        RowError(5, "not UTF-8 (byte 0xed at byte 8); save the file as CSV UTF-8"),
        Record(7, {"code": "5", "name": "Ann", "phone": "5550001005"}),
    ]


def test_field_count_must_match_the_header() -> None:
    data = b"code,name,phone\n1,A\n2,B,5550001002,x\n3,C,5550001003\n"
    assert read(data) == [
        RowError(2, "expected 3 fields (code,name,phone), found 2"),
        RowError(3, "expected 3 fields (code,name,phone), found 4"),
        Record(4, {"code": "3", "name": "C", "phone": "5550001003"}),
    ]


def test_blank_and_all_empty_rows_are_skipped() -> None:
    data = b"\n\ncode,name,phone\n,,\n\n1,A,5550001001\n ,, \n"
    assert read(data) == [Record(6, {"code": "1", "name": "A", "phone": "5550001001"})]


def test_a_stray_quote_is_one_row_error() -> None:
    data = b'code,name,phone\n1,"A"B,5550001001\n2,C,5550001002\n'
    [error, record] = read(data)
    assert isinstance(error, RowError)
    assert error.line == 2
    assert error.problem.startswith("malformed CSV")
    assert record == Record(3, {"code": "2", "name": "C", "phone": "5550001002"})


def test_an_oversized_line_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "MAX_LINE_BYTES", 40)
    data = b"code,name,phone\n1," + b"x" * 100 + b",5550001001\n2,B,5550001002\n"
    assert read(data) == [
        RowError(2, "line longer than 40 bytes"),
        Record(3, {"code": "2", "name": "B", "phone": "5550001002"}),
    ]


def test_optional_columns_may_be_left_out() -> None:
    assert read(b"code,name,phone\n1,A,5550001001\n") == [
        Record(2, {"code": "1", "name": "A", "phone": "5550001001"})
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no header row: the file must start with code,name,phone[,address]"),
        (b"\n,,\n", "no header row"),
        (b"code,name\n1,A\n", "line 1: header row: missing column phone"),
        (b"1001,John,5550001001\n", "missing column code, name, phone; unknown column 1001"),
        (b"code,name,phone,adress\n", "unknown column adress"),
        (b"code,name,phone,code\n", "line 1: duplicate column code"),
        (b"code,name,phone,\n", "empty column name"),
        (b"\ncod\xe9,name,phone\n", "line 2: header row not UTF-8"),
        ("code,name,phone\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_header_problems_stop_the_import(data: bytes, message: str) -> None:
    with pytest.raises(AdminError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read(data)


def test_row_error_reads_as_line_and_problem() -> None:
    assert str(RowError(7, "empty code")) == "line 7: empty code"
