"""What a valid row of each reference-data file is: columns, codes, names, phones.

Pure: turns a CSV record into the column values to store, or into a row error.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.systems.evv.admin.csv_reader import Columns, Record, RowError
from app.systems.evv.admin.kinds import Kind
from app.systems.evv.flows.line import CAREGIVER_ID_DIGITS, CLIENT_ID_DIGITS

ASCII_DIGITS = frozenset("0123456789")
# Punctuation people write phone numbers with; letters (vanity numbers, "ext") are not.
PHONE_PUNCTUATION = frozenset(" -.()")
MIN_PHONE_DIGITS = 10  # location matching compares the last ten digits
MAX_PHONE_DIGITS = 15  # E.164
MAX_NAME_LENGTH = 200  # the name columns are String(200)
MAX_ADDRESS_LENGTH = 300
# Callers press 00 to start task entry over, so no task may have that code.
RESERVED_TASK_CODES = frozenset({"00"})
ACTIVE_WORDS = {
    "": True,
    "1": True,
    "y": True,
    "yes": True,
    "true": True,
    "active": True,
    "0": False,
    "n": False,
    "no": False,
    "false": False,
    "inactive": False,
}


COLUMNS: dict[Kind, Columns] = {
    Kind.CAREGIVERS: Columns(("code", "name"), ("active",)),
    Kind.CLIENTS: Columns(("code", "name", "phone"), ("address",)),
    Kind.SERVICES: Columns(("code", "name")),
    Kind.TASKS: Columns(("code", "name")),
}

# The most digits a caller can key in for each code: a longer code could be imported
# but never entered. Services and tasks mirror the call-out flow's limits.
MAX_CODE_DIGITS: dict[Kind, int] = {
    Kind.CAREGIVERS: CAREGIVER_ID_DIGITS,
    Kind.CLIENTS: CLIENT_ID_DIGITS,
    Kind.SERVICES: 6,
    Kind.TASKS: 4,
}

Value = str | bool | None


@dataclass(frozen=True)
class ValidRow:
    """A row ready to store: its code and the other columns to set."""

    line: int
    code: str
    values: tuple[tuple[str, Value], ...]


class Invalid(ValueError):
    """One problem with one value; becomes a row error for the row's line."""


def _code(kind: Kind, text: str) -> str:
    if not text:
        raise Invalid("empty code")
    if not set(text) <= ASCII_DIGITS:
        raise Invalid(f"code {text!r} must be digits only")
    limit = MAX_CODE_DIGITS[kind]
    if len(text) > limit:
        raise Invalid(f"code {text} has more than {limit} digits (callers key in at most {limit})")
    if kind is Kind.TASKS and text in RESERVED_TASK_CODES:
        raise Invalid(f"task code {text} is reserved: callers press {text} to start over")
    return text  # a string, so "01" keeps its leading zero


def _text(column: str, text: str, limit: int) -> str:
    # Quoted fields may span lines; a stored name must be one line.
    text = " ".join(text.split())
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise Invalid(f"{column} contains a control character")
    if len(text) > limit:
        raise Invalid(f"{column} is longer than {limit} characters")
    return text


def _name(text: str) -> str:
    name = _text("name", text, MAX_NAME_LENGTH)
    if not name:
        raise Invalid("empty name")
    return name


def normalise_phone(text: str) -> str:
    """Digits only: "+1 (555) 000-1001" → "15550001001"."""
    if not text:
        raise Invalid("empty phone")
    body = text.removeprefix("+")
    if not set(body) <= ASCII_DIGITS | PHONE_PUNCTUATION:
        raise Invalid(f"phone {text!r} may hold only digits, spaces, + - . ( )")
    digits = "".join(ch for ch in body if ch in ASCII_DIGITS)
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
        raise Invalid(
            f"phone {text!r} has {len(digits)} digits, "
            f"expected {MIN_PHONE_DIGITS} to {MAX_PHONE_DIGITS}"
        )
    return digits


def _active(text: str) -> bool:
    try:
        return ACTIVE_WORDS[text.lower()]
    except KeyError:
        raise Invalid(f"active {text!r} must be yes or no") from None


def _values(kind: Kind, record: Record) -> tuple[tuple[str, Value], ...]:
    values: list[tuple[str, Value]] = [("name", _name(record.values["name"]))]
    if kind is Kind.CAREGIVERS and "active" in record.values:
        values.append(("active", _active(record.values["active"])))
    if kind is Kind.CLIENTS:
        values.append(("phone", normalise_phone(record.values["phone"])))
        if "address" in record.values:
            address = _text("address", record.values["address"], MAX_ADDRESS_LENGTH)
            values.append(("address", address or None))
    return tuple(values)


def validate(kind: Kind, record: Record) -> ValidRow | RowError:
    try:
        return ValidRow(record.line, _code(kind, record.values["code"]), _values(kind, record))
    except Invalid as problem:
        return RowError(record.line, str(problem))


class DuplicateCodes:
    """Remembers each code's first line; a later row with the same code is an error.

    Only codes are kept, so memory grows with the number of rows, not their size.
    """

    def __init__(self) -> None:
        self._first_line: dict[str, int] = {}

    def check(self, row: ValidRow) -> RowError | None:
        first = self._first_line.setdefault(row.code, row.line)
        if first == row.line:
            return None
        return RowError(row.line, f"duplicate code {row.code} (first on line {first})")
