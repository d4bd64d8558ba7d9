"""Interpreting CDRs: AMI events and Master.csv rows agree on every field."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from app.cdr.record import CdrRecord, from_ami_event, from_csv_row
from tests.harness.cdr_samples import (
    ANSWERED_CSV_LINE,
    ANSWERED_EVENT,
    UNANSWERED_CSV_LINE,
    UNANSWERED_EVENT,
    csv_row,
)

ANSWERED = CdrRecord(
    unique_id="1741079702.1",
    account_code="",
    source="5550001001",
    destination="8005550100",
    destination_context="from-carrier",
    caller_id='"John Smith" <5550001001>',
    channel="PJSIP/carrier-00000001",
    destination_channel="",
    last_app="Stasis",
    last_data="switchboard,evv",
    start_time=datetime(2025, 3, 4, 9, 15, 2),
    answer_time=datetime(2025, 3, 4, 9, 15, 3),
    end_time=datetime(2025, 3, 4, 9, 16, 41),
    duration=99,
    billable_seconds=98,
    disposition="ANSWERED",
    ama_flags="DOCUMENTATION",
    user_field="evv",
    origin="ami",
)


def test_ami_event() -> None:
    assert from_ami_event(ANSWERED_EVENT) == ANSWERED


def test_csv_row_is_the_same_call() -> None:
    assert from_csv_row(csv_row(ANSWERED_CSV_LINE)) == replace(ANSWERED, origin="csv")


@pytest.mark.parametrize(
    ("event", "line"),
    [(ANSWERED_EVENT, ANSWERED_CSV_LINE), (UNANSWERED_EVENT, UNANSWERED_CSV_LINE)],
)
def test_both_paths_give_the_same_key(event: dict[str, str], line: str) -> None:
    assert from_ami_event(event).key == from_csv_row(csv_row(line)).key


def test_unanswered_call_has_no_answer_time() -> None:
    assert from_ami_event(UNANSWERED_EVENT).answer_time is None
    assert from_csv_row(csv_row(UNANSWERED_CSV_LINE)).answer_time is None


def test_ami_headers_are_case_insensitive() -> None:
    lowered = {name.lower(): value for name, value in ANSWERED_EVENT.items()}
    assert from_ami_event(lowered) == ANSWERED


def test_csv_with_newcdrcolumns_is_accepted() -> None:
    row = [*csv_row(ANSWERED_CSV_LINE), "", "1741079702.1", "3"]
    assert from_csv_row(row).key == ANSWERED.key


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"UniqueID": ""}, "UniqueID"),
        ({"StartTime": ""}, "StartTime"),
        ({"EndTime": "2025-03-04T09:16:41"}, "EndTime"),
        ({"AnswerTime": "soon"}, "AnswerTime"),
        ({"Duration": "ninety"}, "Duration"),
        ({"BillableSeconds": ""}, "BillableSeconds"),
    ],
)
def test_malformed_ami_event(change: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        from_ami_event({**ANSWERED_EVENT, **change})


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (16, "", "uniqueid"),
        (9, "2025-03-04", "start"),
        (12, "99s", "duration"),
        (13, "-", "billsec"),
    ],
)
def test_malformed_csv_row(index: int, value: str, message: str) -> None:
    row = csv_row(ANSWERED_CSV_LINE)
    row[index] = value
    with pytest.raises(ValueError, match=message):
        from_csv_row(row)


def test_short_csv_row() -> None:
    with pytest.raises(ValueError, match="at least 18 columns"):
        from_csv_row(csv_row(ANSWERED_CSV_LINE)[:16])
