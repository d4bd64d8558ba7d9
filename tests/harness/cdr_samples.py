"""One call as Asterisk reports it twice: an AMI `Cdr` event and a Master.csv line.

A caregiver at John Smith's home (5550001001) dials the EVV line; the call lands in
Stasis and lasts 98 s. The second leg is an unanswered call to a busy number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from app.cdr.record import CdrRecord

ANSWERED_EVENT: dict[str, str] = {
    "Event": "Cdr",
    "Privilege": "cdr,all",
    "AccountCode": "",
    "Source": "5550001001",
    "Destination": "8005550100",
    "DestinationContext": "from-carrier",
    "CallerID": '"John Smith" <5550001001>',
    "Channel": "PJSIP/carrier-00000001",
    "DestinationChannel": "",
    "LastApplication": "Stasis",
    "LastData": "switchboard,evv",
    "StartTime": "2025-03-04 09:15:02",
    "AnswerTime": "2025-03-04 09:15:03",
    "EndTime": "2025-03-04 09:16:41",
    "Duration": "99",
    "BillableSeconds": "98",
    "Disposition": "ANSWERED",
    "AMAFlags": "DOCUMENTATION",
    "UniqueID": "1741079702.1",
    "UserField": "evv",
}

# cdr_csv quotes strings and doubles embedded quotes; numbers are bare.
ANSWERED_CSV_LINE = (
    '"","5550001001","8005550100","from-carrier","""John Smith"" <5550001001>",'
    '"PJSIP/carrier-00000001","","Stasis","switchboard,evv","2025-03-04 09:15:02",'
    '"2025-03-04 09:15:03","2025-03-04 09:16:41",99,98,"ANSWERED","DOCUMENTATION",'
    '"1741079702.1","evv"'
)

UNANSWERED_EVENT: dict[str, str] = {
    "Event": "Cdr",
    "AccountCode": "shopper",
    "Source": "2001",
    "Destination": "5550009999",
    "DestinationContext": "masked-out",
    "CallerID": '"Shopper" <2001>',
    "Channel": "PJSIP/2001-00000007",
    "DestinationChannel": "PJSIP/carrier-00000008",
    "LastApplication": "Dial",
    "LastData": "PJSIP/5550009999@carrier,30",
    "StartTime": "2025-03-04 10:00:00",
    "AnswerTime": "",
    "EndTime": "2025-03-04 10:00:12",
    "Duration": "12",
    "BillableSeconds": "0",
    "Disposition": "BUSY",
    "AMAFlags": "DOCUMENTATION",
    "UniqueID": "1741082400.7",
    "UserField": "",
}

UNANSWERED_CSV_LINE = (
    '"shopper","2001","5550009999","masked-out","""Shopper"" <2001>",'
    '"PJSIP/2001-00000007","PJSIP/carrier-00000008","Dial","PJSIP/5550009999@carrier,30",'
    '"2025-03-04 10:00:00","","2025-03-04 10:00:12",12,0,"BUSY","DOCUMENTATION",'
    '"1741082400.7",""'
)


def csv_row(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)))


class FlakyStore:
    """Fails the first `failures` writes, then behaves like the real table."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.attempts = 0
        self.keys: set[tuple[object, ...]] = set()

    async def add(self, record: CdrRecord) -> bool:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise ConnectionError("database went away")
        if record.key in self.keys:
            return False
        self.keys.add(record.key)
        return True

    async def add_many(self, records: Iterable[CdrRecord]) -> int:
        return sum([await self.add(record) for record in records])
