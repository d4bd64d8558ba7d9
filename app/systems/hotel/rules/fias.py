"""FIAS-style records, the set OPERA-class PMSs speak to a PBX.

A record is framed `STX kind |XXvalue|XXvalue| ETX`: two letters of record kind, then
fields, each a two-character field ID and its value, each followed by `|`. Text is UTF-8
(Chinese guest names). Values may not hold `|`, STX or ETX; encode() refuses them.

Records used here (field IDs in brackets):
- LS link start, LA link alive, LE link end (DA date YYMMDD, TI time HHMMSS);
- GI guest in, GO guest out, GC guest change (RN room, G# reservation, GN name, GL
  language, GD departure YYMMDD, GP privacy Y/N; GC adds RO, the old room of a move);
- RE room equipment (RN, DN do-not-disturb Y/N, CS class of service 0-3, ML message lamp Y/N);
- PS posting (P# posting number, RN, G#, TA amount in minor units, DD dialled digits,
  DU duration seconds, PT call type, DA, TI) answered by PA (P#, RN, AS answer status: OK
  accepted, anything else refused, CT the PMS's text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

STX = b"\x02"
ETX = b"\x03"
KINDS = frozenset({"LS", "LA", "LE", "GI", "GO", "GC", "RE", "PS", "PA"})
# Longest frame accepted from the peer; anything longer is garbage, not a record.
MAX_FRAME = 4096


class FiasError(ValueError):
    """Bytes that are not a record this link understands."""


@dataclass(frozen=True)
class Record:
    kind: str
    fields: Mapping[str, str] = field(default_factory=dict)

    def get(self, field_id: str, default: str = "") -> str:
        return self.fields.get(field_id, default)

    def require(self, field_id: str) -> str:
        value = self.fields.get(field_id, "")
        if not value:
            raise FiasError(f"{self.kind} record without {field_id}")
        return value


def encode(record: Record) -> bytes:
    if record.kind not in KINDS:
        raise FiasError(f"unknown record kind {record.kind!r}")
    parts = [record.kind]
    for field_id, value in record.fields.items():
        if len(field_id) != 2:
            raise FiasError(f"field ID {field_id!r} is not two characters")
        if any(bad in value for bad in ("|", "\x02", "\x03")):
            raise FiasError(f"field {field_id} holds a separator: {value!r}")
        parts.append(f"{field_id}{value}")
    return STX + ("|".join(parts) + "|").encode() + ETX


def decode(frame: bytes) -> Record:
    """One frame, with or without its STX/ETX."""
    body = frame.removeprefix(STX).removesuffix(ETX)
    try:
        text = body.decode()
    except UnicodeDecodeError as error:
        raise FiasError("record is not UTF-8") from error
    pieces = text.split("|")
    kind = pieces[0]
    if kind not in KINDS:
        raise FiasError(f"unknown record kind {kind!r}")
    fields: dict[str, str] = {}
    for piece in pieces[1:]:
        if not piece:
            continue
        if len(piece) < 2:
            raise FiasError(f"{kind}: field {piece!r} has no ID")
        fields[piece[:2]] = piece[2:]
    return Record(kind, fields)


class FrameReader:
    """Splits a byte stream into records; bytes outside STX..ETX are line noise and
    dropped, and a frame that is too long or undecodable is dropped whole (counted)."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[Record]:
        self._buffer += data
        records: list[Record] = []
        while True:
            start = self._buffer.find(STX)
            if start < 0:
                self._buffer.clear()
                return records
            del self._buffer[:start]
            end = self._buffer.find(ETX)
            if end < 0:
                if len(self._buffer) > MAX_FRAME:
                    self._buffer.clear()
                    self.dropped += 1
                return records
            frame = bytes(self._buffer[: end + 1])
            del self._buffer[: end + 1]
            # A second STX inside means the first frame was cut: keep the later one.
            inner = frame.rfind(STX)
            if inner > 0:
                frame = frame[inner:]
                self.dropped += 1
            try:
                records.append(decode(frame))
            except FiasError:
                self.dropped += 1


def yes(value: str) -> bool:
    return value.strip().upper() in ("Y", "1")


def flag(value: bool) -> str:
    return "Y" if value else "N"


def stamp(moment: datetime) -> dict[str, str]:
    return {"DA": f"{moment:%y%m%d}", "TI": f"{moment:%H%M%S}"}


def parse_day(value: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%y%m%d").date()
    except ValueError as error:
        raise FiasError(f"date {value!r} is not YYMMDD") from error


def link(kind: str, moment: datetime) -> Record:
    """LS, LA or LE."""
    if kind not in ("LS", "LA", "LE"):
        raise FiasError(f"{kind} is not a link record")
    return Record(kind, stamp(moment))


@dataclass(frozen=True)
class GuestMessage:
    """A GI, GO or GC from the PMS, read."""

    kind: str
    room: str
    reservation: str
    name: str
    language: str
    departure: date | None
    privacy: bool | None
    old_room: str | None


def guest_message(record: Record) -> GuestMessage:
    if record.kind not in ("GI", "GO", "GC"):
        raise FiasError(f"{record.kind} is not a guest record")
    privacy = record.get("GP")
    return GuestMessage(
        kind=record.kind,
        room=record.require("RN"),
        reservation=record.get("G#"),
        name=record.get("GN"),
        language=record.get("GL").lower(),
        departure=parse_day(record.get("GD")),
        privacy=yes(privacy) if privacy else None,
        old_room=record.get("RO") or None,
    )


def guest_in(room: str, reservation: str, name: str, language: str, **extra: str) -> Record:
    return Record("GI", {"RN": room, "G#": reservation, "GN": name, "GL": language, **extra})


@dataclass(frozen=True)
class Equipment:
    room: str
    dnd: bool | None = None
    class_of_service: int | None = None
    message_lamp: bool | None = None


def room_equipment(equipment: Equipment) -> Record:
    fields = {"RN": equipment.room}
    if equipment.dnd is not None:
        fields["DN"] = flag(equipment.dnd)
    if equipment.class_of_service is not None:
        fields["CS"] = str(equipment.class_of_service)
    if equipment.message_lamp is not None:
        fields["ML"] = flag(equipment.message_lamp)
    return Record("RE", fields)


def equipment_of(record: Record) -> Equipment:
    if record.kind != "RE":
        raise FiasError(f"{record.kind} is not a room equipment record")
    cos = record.get("CS")
    if cos and (not cos.isdigit() or int(cos) > 3):
        raise FiasError(f"class of service {cos!r} is not 0-3")
    return Equipment(
        room=record.require("RN"),
        dnd=yes(record.get("DN")) if record.get("DN") else None,
        class_of_service=int(cos) if cos else None,
        message_lamp=yes(record.get("ML")) if record.get("ML") else None,
    )


@dataclass(frozen=True)
class Posting:
    number: int  # P#: our posting's ID, the same on every resend
    room: str
    reservation: str
    amount: int
    dialled: str
    seconds: int
    call_type: str
    at: datetime


def posting(p: Posting) -> Record:
    return Record(
        "PS",
        {
            "P#": str(p.number),
            "RN": p.room,
            "G#": p.reservation,
            "TA": str(p.amount),
            "DD": p.dialled,
            "DU": str(p.seconds),
            "PT": p.call_type,
            **stamp(p.at),
        },
    )


@dataclass(frozen=True)
class PostingAnswer:
    number: int
    room: str
    accepted: bool
    status: str
    text: str


def posting_answer(record: Record) -> PostingAnswer:
    if record.kind != "PA":
        raise FiasError(f"{record.kind} is not a posting answer")
    number = record.require("P#")
    if not number.isdigit():
        raise FiasError(f"posting number {number!r} is not a number")
    status = record.require("AS").upper()
    return PostingAnswer(int(number), record.get("RN"), status == "OK", status, record.get("CT"))


def answer(number: int, room: str, status: str, text: str = "") -> Record:
    fields = {"P#": str(number), "RN": room, "AS": status}
    if text:
        fields["CT"] = text
    return Record("PA", fields)
