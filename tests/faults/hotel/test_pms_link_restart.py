"""The PMS link through a real controller process: it is SIGKILLed after the PMS booked a
posting and before the answer came; restarted, it sends the posting again with the same
P#, the PMS books it once, and the folio posting ends accepted. The PMS dropping the
link while the controller runs costs nothing either."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.db.engine import make_engine, make_sessionmaker
from app.systems.hotel.records import ChargeRequest
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.settings import HotelSettings
from tests.harness.fault_pbx import FaultPbx, running
from tests.harness.pms_simulator import PmsSimulator, pms_simulator


@pytest.fixture
def pms() -> Iterator[PmsSimulator]:
    with pms_simulator() as simulator:
        yield simulator


@pytest.fixture
def pbx(tmp_path: Path, pms: PmsSimulator) -> Iterator[FaultPbx]:
    extra = {
        "SWITCHBOARD_HOTEL_PMS": "fias",
        "SWITCHBOARD_HOTEL_FIAS_PORT": str(pms.port),
        # Long: only a reconnect may make it send a posting again.
        "SWITCHBOARD_HOTEL_FIAS_ANSWER_SECONDS": "600",
    }
    with running(FaultPbx.create(tmp_path / "pbx", extra_env=extra)) as instance:
        yield instance


def post(pbx: FaultPbx, key: str) -> int:
    """A charge made the way the flows will make it: through the repository."""

    async def write() -> int:
        engine = make_engine(f"sqlite+aiosqlite:///{pbx.sqlite_path}")
        try:
            repo = HotelRepository(make_sessionmaker(engine), replace(HotelSettings(), pms="fias"))
            posting = await repo.post_charge(
                ChargeRequest(key, "101", "0012125551234", "direct", 125, datetime.now(UTC))
            )
            assert posting is not None and posting.status == "pending"
            return posting.id
        finally:
            await engine.dispose()

    return asyncio.run(write())


def posting_status(pbx: FaultPbx, posting_id: int) -> str:
    [row] = pbx.query("SELECT status FROM hotel_folio_posting WHERE id = ?", (posting_id,))
    return str(row["status"])


def test_sigkill_waiting_for_the_answer_then_restart_books_once(
    pbx: FaultPbx, pms: PmsSimulator
) -> None:
    pms.wait_until(lambda: pms.linked, 20, "the controller's link")
    pms.hold_answers = True
    posting_id = post(pbx, "call-before-crash")
    pms.wait_until(lambda: posting_id in pms.booked, 10, "the posting booked")
    pbx.kill_controller()
    assert posting_status(pbx, posting_id) == "pending"
    pms.hold_answers = False
    pbx.start_controller()
    pms.wait_until(lambda: pms.resends == 1, 20, "the posting sent again")
    pms.wait_until(lambda: posting_status(pbx, posting_id) == "accepted", 10, "accepted")
    assert list(pms.booked) == [posting_id]
    sent = [r.get("P#") for r in pms.received if r.kind == "PS"]
    assert sent == [str(posting_id)] * 2
    assert pbx.query("SELECT count(*) AS n FROM hotel_folio_posting")[0]["n"] == 1


def test_the_pms_dropping_the_link_loses_nothing(pbx: FaultPbx, pms: PmsSimulator) -> None:
    pms.wait_until(lambda: pms.linked, 20, "the controller's link")
    before = pms.connections
    pms.drop_before_booking = 1
    posting_id = post(pbx, "call-during-drop")
    pms.wait_until(lambda: pms.connections > before, 20, "the controller redialling")
    pms.wait_until(lambda: posting_id in pms.booked, 20, "the posting booked after the drop")
    pms.wait_until(lambda: posting_status(pbx, posting_id) == "accepted", 10, "accepted")
    assert list(pms.booked) == [posting_id] and pms.resends == 0
    assert "PMS link down" in pbx.log()
