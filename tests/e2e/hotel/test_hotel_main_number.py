"""The hotel under `switchboard run`: its main number reaches its own flow (answered; with
no operator's phone registered yet, the caller is told so and hung up), and the demo hotel
is seeded."""

from __future__ import annotations

from collections.abc import Callable

from app.systems.hotel.demo import DEMO_GUESTS, DEMO_ROOMS
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER, MAIN_FLOW
from tests.harness.dialog import Caller
from tests.harness.pbx import Pbx


def test_the_main_number_is_answered_by_the_hotel(dial: Callable[..., Caller], pbx: Pbx) -> None:
    caller = dial(HOTEL_MAIN_NUMBER, caller="13912345678")
    caller.wait_hangup(40)
    steps = caller.dialplan_steps()
    assert steps[:2] == ["Answer()", f"Stasis(switchboard,{MAIN_FLOW},{HOTEL_MAIN_NUMBER})"]
    cdrs = pbx.wait_rows("SELECT * FROM cdr WHERE unique_id = ?", (caller.channel_id,), 1)
    assert [(c["destination"], c["disposition"]) for c in cdrs] == [(HOTEL_MAIN_NUMBER, "ANSWERED")]


def test_the_demo_hotel_is_seeded(pbx: Pbx) -> None:
    rooms = pbx.query("SELECT number, extension FROM hotel_room ORDER BY number")
    assert [(r["number"], r["extension"]) for r in rooms] == [(n, n) for n in DEMO_ROOMS]
    guests = pbx.query(
        "SELECT r.number FROM hotel_guest g JOIN hotel_room r ON r.id = g.room_id "
        "WHERE g.checked_out_at IS NULL ORDER BY r.number"
    )
    assert [g["number"] for g in guests] == sorted(DEMO_GUESTS)
