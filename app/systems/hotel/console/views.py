"""How the hotel's records read on the console: local times, money, call types, the
privacy script. Plain functions over the records, shared by the pages and the CSV."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.systems.hotel.records import Voucher
from app.systems.hotel.rules.stay import CallType, ClassOfService, Guest, Room
from app.systems.hotel.rules.transfer import Route, plan_transfer

CALL_TYPES = {
    CallType.IDD: "International direct (IDD)",
    CallType.PERSON_TO_PERSON: "Person-to-person",
    CallType.COLLECT: "Collect",
}
# What a transfer to the room would do, as the operator reads it on the row.
ROUTE_LABELS = {
    Route.RING: "",
    Route.REFUSE: "Privacy: never put through",
    Route.VOICEMAIL: "DND: transfers go to voice mail",
    Route.OPERATOR: "DND",
    Route.VACANT: "",
}


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def money(minor_units: int | None, currency: str) -> str:
    if minor_units is None:
        return ""
    return f"{minor_units / 100:.2f} {currency}"


def major_units(minor_units: int | None) -> str:
    """Money in a CSV: 1234 fen -> "12.34"."""
    return "" if minor_units is None else f"{minor_units / 100:.2f}"


def stamp(moment: datetime, zone: ZoneInfo) -> str:
    """For a file name: 20261202-0930, the hotel's clock."""
    return moment.astimezone(zone).strftime("%Y%m%d-%H%M")


def call_type_label(call_type: str) -> str:
    try:
        return CALL_TYPES.get(CallType(call_type), call_type)
    except ValueError:
        return call_type


def duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"


def room_view(room: Room, guest: Guest | None) -> dict[str, object]:
    """The row of a room: its guest, and what to say if a caller asks to be put through
    (the seed's scripted answers, Chinese and English, from the transfer rules)."""
    plan = plan_transfer(room, guest, by_operator=True, ring_seconds=0)
    return {
        "number": room.number,
        "extension": room.extension,
        "dnd": room.dnd,
        "class_of_service": ClassOfService(room.class_of_service).label,
        "guest": guest,
        "route": ROUTE_LABELS[plan.route],
        "scripts": plan.scripts if guest is not None else (),
    }


def voucher_view(voucher: Voucher, zone: ZoneInfo, currency: str) -> dict[str, object]:
    return {
        "voucher": voucher,
        "call_type": call_type_label(voucher.call_type),
        "created": local_time(voucher.created_at, zone),
        "placed": local_time(voucher.placed_at, zone),
        "connected": local_time(voucher.connected_at, zone),
        "ended": local_time(voucher.ended_at, zone),
        "duration": duration(voucher.seconds),
        "charge": money(voucher.charge, currency),
        "outcome": (voucher.outcome or "").replace("_", " "),
    }


def sentence(error: Exception) -> str:
    """An error as staff read it: a capitalised sentence, Python's own wording replaced."""
    text = str(error)
    if "is not a valid Language" in text:
        text = "choose the guest's language: Chinese or English"
    elif "Invalid isoformat" in text:
        text = "the departure date must look like 2026-12-24"
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
