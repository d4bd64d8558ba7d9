"""FIAS records: framing STX ... ETX with |XX fields, both ways, and a stream that cuts
frames anywhere or carries noise."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.systems.hotel.rules import fias

AT = datetime(2026, 12, 2, 8, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("record", "wire"),
    [
        (fias.link("LS", AT), b"\x02LS|DA261202|TI080509|\x03"),
        (fias.link("LA", AT), b"\x02LA|DA261202|TI080509|\x03"),
        (fias.link("LE", AT), b"\x02LE|DA261202|TI080509|\x03"),
        (
            fias.guest_in("101", "R123", "张伟", "ZH", GD="261205"),
            "\x02GI|RN101|G#R123|GN张伟|GLZH|GD261205|\x03".encode(),
        ),
        (fias.Record("GO", {"RN": "101", "G#": "R123"}), b"\x02GO|RN101|G#R123|\x03"),
        (
            fias.Record("GC", {"RN": "202", "RO": "101", "G#": "R123"}),
            b"\x02GC|RN202|RO101|G#R123|\x03",
        ),
        (
            fias.room_equipment(fias.Equipment("101", dnd=True, class_of_service=0)),
            b"\x02RE|RN101|DNY|CS0|\x03",
        ),
        (
            fias.posting(fias.Posting(42, "101", "R123", 1800, "0012125551234", 125, "direct", AT)),
            b"\x02PS|P#42|RN101|G#R123|TA1800|DD0012125551234|DU125|PTdirect|DA261202"
            b"|TI080509|\x03",
        ),
        (fias.answer(42, "101", "OK"), b"\x02PA|P#42|RN101|ASOK|\x03"),
    ],
)
def test_records_encode_and_decode(record: fias.Record, wire: bytes) -> None:
    assert fias.encode(record) == wire
    assert fias.decode(wire) == record


def test_guest_records_read() -> None:
    gi = fias.guest_message(fias.decode("\x02GI|RN101|G#R1|GN李娜|GLzh|GD261205|GPY|\x03".encode()))
    assert (gi.room, gi.reservation, gi.name, gi.language) == ("101", "R1", "李娜", "zh")
    assert gi.departure == date(2026, 12, 5) and gi.privacy is True and gi.old_room is None
    gc = fias.guest_message(fias.decode(b"\x02GC|RN202|RO101|G#R1|\x03"))
    assert gc.old_room == "101" and gc.privacy is None


def test_room_equipment_and_answers_read() -> None:
    re = fias.equipment_of(fias.decode(b"\x02RE|RN105|DNN|CS3|MLY|\x03"))
    assert re == fias.Equipment("105", dnd=False, class_of_service=3, message_lamp=True)
    ok = fias.posting_answer(fias.decode(b"\x02PA|P#42|RN101|ASOK|\x03"))
    assert ok.accepted and ok.number == 42
    refused = fias.posting_answer(fias.decode(b"\x02PA|P#43|RN101|ASNG|CTguest checked out|\x03"))
    assert not refused.accepted and refused.status == "NG" and refused.text == "guest checked out"


@pytest.mark.parametrize(
    "wire",
    [
        b"\x02XX|RN101|\x03",  # unknown kind
        b"\x02GI|R|\x03",  # a field without its ID
        b"\x02GI|RN\xff\xfe|\x03",  # not UTF-8
    ],
)
def test_garbage_is_refused(wire: bytes) -> None:
    with pytest.raises(fias.FiasError):
        fias.decode(wire)


@pytest.mark.parametrize(
    "record",
    [
        fias.Record("PA", {"P#": "x", "AS": "OK"}),
        fias.Record("PA", {"P#": "1"}),
        fias.Record("RE", {"RN": "101", "CS": "7"}),
        fias.Record("GI", {"GN": "no room"}),
    ],
)
def test_records_missing_what_they_need_are_refused(record: fias.Record) -> None:
    readers = {"PA": fias.posting_answer, "RE": fias.equipment_of, "GI": fias.guest_message}
    with pytest.raises(fias.FiasError):
        readers[record.kind](record)  # type: ignore[operator]


def test_separators_in_values_are_refused_on_the_way_out() -> None:
    with pytest.raises(fias.FiasError):
        fias.encode(fias.Record("GI", {"RN": "101", "GN": "Smith|John"}))
    with pytest.raises(fias.FiasError):
        fias.encode(fias.Record("ZZ", {}))


def test_a_stream_cut_anywhere_and_with_noise_gives_the_records_once() -> None:
    wire = (
        b"noise"
        + fias.encode(fias.link("LA", AT))
        + b"\r\n"
        + fias.encode(fias.answer(1, "101", "OK"))
        + b"\x02GI|RN101|G#"  # cut here: a frame broken by the next STX
        + fias.encode(fias.answer(2, "102", "NG"))
        + b"\x02XX|bad|\x03"
    )
    for size in (1, 2, 3, 7, len(wire)):
        reader = fias.FrameReader()
        records: list[fias.Record] = []
        for start in range(0, len(wire), size):
            records += reader.feed(wire[start : start + size])
        assert [r.kind for r in records] == ["LA", "PA", "PA"]
        assert [r.get("P#") for r in records[1:]] == ["1", "2"]
        assert reader.dropped == 2


def test_an_endless_frame_is_dropped() -> None:
    reader = fias.FrameReader()
    assert reader.feed(b"\x02PS|" + b"9" * (fias.MAX_FRAME + 10)) == []
    assert reader.dropped == 1
    assert [r.kind for r in reader.feed(fias.encode(fias.link("LA", AT)))] == ["LA"]
