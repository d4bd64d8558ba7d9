"""Read a reference-data CSV as records named by column, one physical line at a time.

Bytes are decoded line by line rather than through one text stream, so a file with a
few non-UTF-8 lines (a Latin-1 name pasted in from elsewhere) loses only those lines:
each is reported as a row error and every other line is still read. Nothing beyond the
current record is held in memory, whatever the size of the file.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from app.admin.errors import AdminError

# A longer line is not reference data; reading it whole could exhaust memory.
MAX_LINE_BYTES = 1 << 20
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class RowError:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


@dataclass(frozen=True)
class Record:
    """One data row: the physical line it starts on and its values by column name."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Columns:
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    def describe(self) -> str:
        return ",".join(self.required) + "".join(f"[,{name}]" for name in self.optional)


class _DecodedLines:
    """Feeds csv.reader decoded lines and remembers which ones were not UTF-8."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.line_number = 0
        self.problems: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            raise StopIteration
        self.line_number += 1
        if self.line_number == 1:
            if raw.startswith(_UTF16_BOMS):
                raise AdminError("the file is UTF-16: save it as CSV UTF-8 and import again")
            # Excel writes "CSV UTF-8" with a byte-order mark.
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if len(raw) > MAX_LINE_BYTES:
            if not raw.endswith(b"\n"):
                self._skip_rest_of_line()
            self.problems.append((self.line_number, f"line longer than {MAX_LINE_BYTES} bytes"))
            return "\n"
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = raw[error.start]
            self.problems.append(
                (
                    self.line_number,
                    f"not UTF-8 (byte 0x{bad:02x} at byte {error.start + 1}); "
                    "save the file as CSV UTF-8",
                )
            )
            return raw.decode("utf-8", errors="replace")

    def _skip_rest_of_line(self) -> None:
        while chunk := self._stream.readline(MAX_LINE_BYTES):
            if chunk.endswith(b"\n"):
                return


def _header(fields: list[str], line: int, columns: Columns) -> list[str]:
    names = [field.strip().lower() for field in fields]
    known = set(columns.required) | set(columns.optional)
    expected = f"expected columns {columns.describe()}"
    if "" in names:
        raise AdminError(f"line {line}: the header has an empty column name; {expected}")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise AdminError(f"line {line}: duplicate column {', '.join(duplicates)} in the header")
    unknown = [name for name in names if name not in known]
    missing = [name for name in columns.required if name not in names]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(f"missing column {', '.join(missing)}")
        if unknown:
            # Refused rather than ignored: a misspelt optional column ("adress") would
            # otherwise import silently without it.
            parts.append(f"unknown column {', '.join(unknown)}")
        raise AdminError(f"line {line}: header row: {'; '.join(parts)} ({expected})")
    return names


def read_records(stream: BinaryIO, columns: Columns) -> Iterator[Record | RowError]:
    """Yield each data row, or the error that makes it unusable, in file order.

    A header row is required. Problems with the header (or a file with none) raise
    AdminError: without column names no row can be read.
    """
    lines = _DecodedLines(stream)
    # strict: a stray quote is reported instead of being guessed around.
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    while True:
        first_line = lines.line_number + 1
        lines.problems.clear()
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield RowError(first_line, f"malformed CSV: {error}")
            continue
        if lines.problems:
            line, problem = lines.problems[0]
            if header is None:
                raise AdminError(f"line {line}: header row {problem}")
            yield RowError(line, problem)
            continue
        if not any(field.strip() for field in fields):
            continue  # blank lines and the empty ",,," rows spreadsheets leave at the end
        if header is None:
            header = _header(fields, first_line, columns)
            continue
        if len(fields) != len(header):
            yield RowError(
                first_line,
                f"expected {len(header)} fields ({','.join(header)}), found {len(fields)}",
            )
            continue
        yield Record(
            first_line, dict(zip(header, (field.strip() for field in fields), strict=True))
        )
    if header is None:
        raise AdminError(f"no header row: the file must start with {columns.describe()}")
