from __future__ import annotations

import pytest

from app.systems.evv.admin.csv_reader import Record, RowError
from app.systems.evv.admin.kinds import Kind
from app.systems.evv.admin.reference_rows import (
    MAX_CODE_DIGITS,
    DuplicateCodes,
    Invalid,
    ValidRow,
    normalise_phone,
    validate,
)
from app.systems.evv.flows.line import CAREGIVER_ID_DIGITS, CLIENT_ID_DIGITS


def check(kind: Kind, **values: str) -> ValidRow | RowError:
    return validate(kind, Record(5, values))


@pytest.mark.parametrize(
    ("kind", "code", "problem"),
    [
        (Kind.CAREGIVERS, "", "empty code"),
        (Kind.CAREGIVERS, "12a4", "code '12a4' must be digits only"),
        (Kind.CAREGIVERS, "-12", "code '-12' must be digits only"),
        (Kind.CAREGIVERS, "1 2", "code '1 2' must be digits only"),
        (Kind.CLIENTS, "١٢٣", "code '١٢٣' must be digits only"),  # Arabic-Indic digits
        (Kind.CAREGIVERS, "12345678901", "more than 10 digits"),
        (Kind.SERVICES, "1234567", "more than 6 digits"),
        (Kind.TASKS, "12345", "more than 4 digits"),
        (Kind.TASKS, "00", "task code 00 is reserved"),
    ],
)
def test_bad_codes(kind: Kind, code: str, problem: str) -> None:
    values = {"code": code, "name": "X"} | ({"phone": "5550001001"} if kind is Kind.CLIENTS else {})
    result = check(kind, **values)
    assert isinstance(result, RowError)
    assert result.line == 5
    assert problem in result.problem


@pytest.mark.parametrize(
    ("kind", "code"), [(Kind.TASKS, "01"), (Kind.SERVICES, "00"), (Kind.TASKS, "0")]
)
def test_codes_keep_leading_zeros(kind: Kind, code: str) -> None:
    assert check(kind, code=code, name="Bathing") == ValidRow(5, code, (("name", "Bathing"),))


def test_code_limits_match_what_callers_can_key_in() -> None:
    assert MAX_CODE_DIGITS[Kind.CAREGIVERS] == CAREGIVER_ID_DIGITS
    assert MAX_CODE_DIGITS[Kind.CLIENTS] == CLIENT_ID_DIGITS


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("5550001001", "5550001001"),
        ("+1 (555) 000-1001", "15550001001"),
        ("555.000.1001", "5550001001"),
        ("+252 61 234 5678", "252612345678"),
    ],
)
def test_phones_are_normalised_to_digits(text: str, digits: str) -> None:
    assert normalise_phone(text) == digits


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty phone"),
        ("555-CALL-NOW", "may hold only digits"),
        ("5550001001 x12", "may hold only digits"),
        ("55500+01001", "may hold only digits"),
        ("000-1001", "has 7 digits, expected 10 to 15"),
        ("1234567890123456", "has 16 digits"),
    ],
)
def test_bad_phones(text: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        normalise_phone(text)


def test_client_row() -> None:
    assert check(
        Kind.CLIENTS,
        code="1001",
        name=" John  Smith ",
        phone="(555) 000-1001",
        address="1 Elm\nApt 2",
    ) == ValidRow(
        5,
        "1001",
        (("name", "John Smith"), ("phone", "5550001001"), ("address", "1 Elm Apt 2")),
    )
    # An empty address clears it; a file without the column leaves it alone.
    assert check(Kind.CLIENTS, code="1", name="A", phone="5550001001", address="") == ValidRow(
        5, "1", (("name", "A"), ("phone", "5550001001"), ("address", None))
    )
    assert check(Kind.CLIENTS, code="1", name="A", phone="5550001001") == ValidRow(
        5, "1", (("name", "A"), ("phone", "5550001001"))
    )


@pytest.mark.parametrize(
    ("text", "active"),
    [
        ("", True),
        ("yes", True),
        ("Y", True),
        ("1", True),
        ("TRUE", True),
        ("no", False),
        ("0", False),
        ("inactive", False),
    ],
)
def test_caregiver_active_column(text: str, active: bool) -> None:
    assert check(Kind.CAREGIVERS, code="1234", name="Maria", active=text) == ValidRow(
        5, "1234", (("name", "Maria"), ("active", active))
    )


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"code": "1234", "name": "Maria", "active": "maybe"}, "active 'maybe' must be yes or no"),
        ({"code": "1234", "name": "  "}, "empty name"),
        ({"code": "1234", "name": "Ma\x00ria"}, "name contains a control character"),
        ({"code": "1234", "name": "x" * 201}, "name is longer than 200 characters"),
    ],
)
def test_bad_caregiver_values(values: dict[str, str], problem: str) -> None:
    assert check(Kind.CAREGIVERS, **values) == RowError(5, problem)


def test_duplicate_codes_name_the_first_line() -> None:
    duplicates = DuplicateCodes()
    assert duplicates.check(ValidRow(2, "01", ())) is None
    assert duplicates.check(ValidRow(3, "1", ())) is None  # "1" and "01" are different codes
    assert duplicates.check(ValidRow(9, "01", ())) == RowError(
        9, "duplicate code 01 (first on line 2)"
    )
