"""Guest search the way an operator asks: room, part of the Chinese name, pinyin or Latin
letters (any case, tones, order, initials)."""

from __future__ import annotations

import pytest

from app.systems.hotel.names import pinyin
from app.systems.hotel.rules.search import SearchEntry, fold, search


def entry(guest_id: int, room: str, name: str, latin: str = "") -> SearchEntry:
    return SearchEntry(guest_id, room, name, (latin or pinyin(name), pinyin(name)))


GUESTS = [
    entry(1, "101", "张伟"),
    entry(2, "102", "John Smith"),
    entry(3, "103", "李娜"),
    entry(4, "204", "Hans Müller", "Hans Mueller"),
    entry(5, "201", "王小明"),
    entry(6, "112", "张小伟"),
]


@pytest.mark.parametrize(
    ("query", "rooms"),
    [
        ("101", ["101"]),
        ("10", ["101", "102", "103"]),
        ("1", ["101", "102", "103", "112"]),
        ("张", ["101", "112"]),
        ("张伟", ["101"]),
        ("小", ["112", "201"]),
        ("zhang wei", ["101"]),
        ("Zhāng Wěi", ["101"]),
        ("zhangwei", ["101"]),
        ("wei zhang", ["101"]),
        ("zhang", ["101", "112"]),
        ("zw", ["101"]),
        ("xiaoming", ["201"]),
        ("smith", ["102"]),
        ("JOHN", ["102"]),
        ("mueller", ["204"]),
        ("müller", ["204"]),
        ("nobody", []),
        ("   ", []),
    ],
)
def test_search(query: str, rooms: list[str]) -> None:
    assert [e.room_number for e in search(query, GUESTS)] == rooms


def test_the_exact_room_comes_before_rooms_it_begins() -> None:
    rooms = [entry(7, "1101", "Ann Lee"), entry(8, "110", "Bo Wu")]
    assert [e.room_number for e in search("110", rooms)] == ["110", "1101"]


def test_pinyin_and_folding() -> None:
    assert pinyin("张伟") == "Zhang Wei"
    assert pinyin("John Smith") == "John Smith"
    assert fold("Lǚ Zhāng") == "lu zhang"
