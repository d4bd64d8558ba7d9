"""The interpreter: one Asterisk CDR, whichever backend reported it.

cdr_manager (AMI `Cdr` event) and cdr_csv (Master.csv) format the same `ast_cdr`
fields with the same `%Y-%m-%d %T` local-time format, so a call parsed from either
yields the same `key`. That requires cdr_csv.conf `usegmtime = no` (ours does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Origin = Literal["ami", "csv"]
CdrKey = tuple[str, str, str, datetime]

ASTERISK_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# Master.csv columns with loguniqueid=yes and loguserfield=yes. With newcdrcolumns=yes
# Asterisk appends peeraccount, linkedid and sequence; those are accepted and ignored.
CSV_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)


@dataclass(frozen=True)
class CdrRecord:
    unique_id: str
    account_code: str
    source: str
    destination: str
    destination_context: str
    caller_id: str
    channel: str
    destination_channel: str
    last_app: str
    last_data: str
    start_time: datetime
    answer_time: datetime | None
    end_time: datetime
    duration: int
    billable_seconds: int
    disposition: str
    ama_flags: str
    user_field: str
    origin: Origin

    @property
    def key(self) -> CdrKey:
        """One call leg; the database's uq_cdr_call_leg holds the same columns."""
        return (self.unique_id, self.channel, self.destination_channel, self.start_time)


def parse_time(text: str, field: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), ASTERISK_TIME_FORMAT)
    except ValueError:
        raise ValueError(f"{field}: not an Asterisk time: {text!r}") from None


def parse_optional_time(text: str, field: str) -> datetime | None:
    # Asterisk writes an empty answer time for a call nobody answered.
    return parse_time(text, field) if text.strip() else None


def parse_seconds(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{field}: not a number of seconds: {text!r}") from None


def from_ami_event(event: Mapping[str, object]) -> CdrRecord:
    """Interpret an AMI `Cdr` event (header names are case-insensitive on the wire)."""
    headers = {name.lower(): value for name, value in event.items()}

    def text(name: str) -> str:
        value = headers.get(name.lower(), "")
        return value if isinstance(value, str) else str(value)

    unique_id = text("UniqueID")
    if not unique_id:
        raise ValueError("Cdr event without UniqueID")
    return CdrRecord(
        unique_id=unique_id,
        account_code=text("AccountCode"),
        source=text("Source"),
        destination=text("Destination"),
        destination_context=text("DestinationContext"),
        caller_id=text("CallerID"),
        channel=text("Channel"),
        destination_channel=text("DestinationChannel"),
        last_app=text("LastApplication"),
        last_data=text("LastData"),
        start_time=parse_time(text("StartTime"), "StartTime"),
        answer_time=parse_optional_time(text("AnswerTime"), "AnswerTime"),
        end_time=parse_time(text("EndTime"), "EndTime"),
        duration=parse_seconds(text("Duration"), "Duration"),
        billable_seconds=parse_seconds(text("BillableSeconds"), "BillableSeconds"),
        disposition=text("Disposition"),
        ama_flags=text("AMAFlags"),
        user_field=text("UserField"),
        origin="ami",
    )


def from_csv_row(row: Sequence[str]) -> CdrRecord:
    """Interpret one parsed Master.csv row (see CSV_COLUMNS)."""
    if len(row) < len(CSV_COLUMNS):
        raise ValueError(f"expected at least {len(CSV_COLUMNS)} columns, got {len(row)}")
    f = dict(zip(CSV_COLUMNS, row, strict=False))
    if not f["uniqueid"]:
        raise ValueError("row without uniqueid (is loguniqueid=yes set?)")
    return CdrRecord(
        unique_id=f["uniqueid"],
        account_code=f["accountcode"],
        source=f["src"],
        destination=f["dst"],
        destination_context=f["dcontext"],
        caller_id=f["clid"],
        channel=f["channel"],
        destination_channel=f["dstchannel"],
        last_app=f["lastapp"],
        last_data=f["lastdata"],
        start_time=parse_time(f["start"], "start"),
        answer_time=parse_optional_time(f["answer"], "answer"),
        end_time=parse_time(f["end"], "end"),
        duration=parse_seconds(f["duration"], "duration"),
        billable_seconds=parse_seconds(f["billsec"], "billsec"),
        disposition=f["disposition"],
        ama_flags=f["amaflags"],
        user_field=f["userfield"],
        origin="csv",
    )
