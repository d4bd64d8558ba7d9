"""The FIAS-style PMS link over real TCP on loopback against the PMS simulator, on SQLite
and PostgreSQL: postings made while the link is down are delivered when it comes up; the
link dropping mid-posting (before or after the PMS booked it) loses and duplicates
nothing; a refused posting is marked for the operator; guest and room records from the
PMS are stored, then applied, and the ones the hotel cannot apply are kept with why."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.sms.sender import Backoff
from app.systems.hotel.demo import seed_hotel_demo
from app.systems.hotel.pms.link import FiasLink
from app.systems.hotel.records import ChargeRequest, Posting
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules import fias
from app.systems.hotel.rules.stay import ClassOfService
from app.systems.hotel.settings import HotelSettings
from tests.harness.pms_simulator import PmsSimulator, pms_simulator

USA = "0012125551234"
FAST = Backoff(first=0.1, most=0.4)


def now() -> datetime:
    return datetime.now(UTC)


async def until(condition: Callable[[], object], what: str, timeout: float = 10) -> None:
    """Poll on the event loop (the link runs on it; the simulator on its own thread)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what} not within {timeout:.0f} s")
        await asyncio.sleep(0.05)


@pytest.fixture
def pms() -> Iterator[PmsSimulator]:
    with pms_simulator() as simulator:
        yield simulator


@pytest.fixture
async def repo(
    sessionmaker: async_sessionmaker[AsyncSession], pms: PmsSimulator
) -> HotelRepository:
    assert await seed_hotel_demo(sessionmaker)
    hotel = replace(
        HotelSettings(),
        pms="fias",
        fias_port=pms.port,
        fias_keepalive_seconds=1,
        fias_answer_seconds=2,
    )
    return HotelRepository(sessionmaker, hotel)


@pytest.fixture
async def link(repo: HotelRepository) -> AsyncIterator[FiasLink]:
    running = FiasLink(repo, repo.hotel, now, backoff=FAST, poll_seconds=0.05)
    task = asyncio.create_task(running.run())
    yield running
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def charge(repo: HotelRepository, key: str, room: str = "101") -> Posting:
    posting = await repo.post_charge(ChargeRequest(key, room, USA, "direct", 125, now()))
    assert posting is not None and posting.status == "pending"
    return posting


async def status(repo: HotelRepository, posting_id: int) -> str:
    return next(p.status for p in await repo.postings() if p.id == posting_id)


async def test_the_link_starts_with_ls_and_a_posting_is_answered(
    repo: HotelRepository, pms: PmsSimulator, link: FiasLink
) -> None:
    await until(link.up.is_set, "the link up")
    assert pms.kinds()[0] == "LS"
    posting = await charge(repo, "call-1")
    await until(lambda: posting.id in pms.booked, "the PS at the PMS")
    booked = pms.booked[posting.id]
    assert (booked.room, booked.amount, booked.dialled) == ("101", 1800, USA)
    assert booked.record.get("G#") == ""  # the demo guest has no reservation number
    for _ in range(100):
        if await status(repo, posting.id) == "accepted":
            break
        await asyncio.sleep(0.05)
    assert await status(repo, posting.id) == "accepted"
    assert await repo.pms_messages("out", "pending") == []


async def test_postings_made_while_the_pms_is_down_arrive_once_it_is_up(
    repo: HotelRepository, pms: PmsSimulator
) -> None:
    pms.stop()  # nobody listens: the link retries with backoff
    first, second = await charge(repo, "down-1"), await charge(repo, "down-2", room="102")
    late = PmsSimulator(port=pms.port).start()
    link = FiasLink(repo, repo.hotel, now, backoff=FAST, poll_seconds=0.05)
    task = asyncio.create_task(link.run())
    try:
        await asyncio.sleep(0.5)
        await until(lambda: len(late.booked) == 2, "both postings at the PMS")
        assert [r.get("P#") for r in late.received if r.kind == "PS"] == [
            str(first.id),
            str(second.id),
        ]
        await until(lambda: link.connections >= 1, "connected")
        for _ in range(100):
            if {await status(repo, p.id) for p in (first, second)} == {"accepted"}:
                break
            await asyncio.sleep(0.05)
        assert {await status(repo, p.id) for p in (first, second)} == {"accepted"}
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        late.stop()


@pytest.mark.parametrize("booked_before_the_drop", [False, True])
async def test_the_link_dropping_mid_posting_loses_and_duplicates_nothing(
    repo: HotelRepository, pms: PmsSimulator, link: FiasLink, booked_before_the_drop: bool
) -> None:
    await until(link.up.is_set, "the link up")
    if booked_before_the_drop:
        pms.drop_after_booking = 1
    else:
        pms.drop_before_booking = 1
    posting = await charge(repo, "mid-posting")
    await until(lambda: link.connections >= 2, "a reconnect")
    await until(lambda: posting.id in pms.booked, "the posting booked")
    for _ in range(100):
        if await status(repo, posting.id) == "accepted":
            break
        await asyncio.sleep(0.05)
    assert await status(repo, posting.id) == "accepted"
    sent = [r for r in pms.received if r.kind == "PS"]
    assert [r.get("P#") for r in sent] == [str(posting.id)] * 2, "sent again, same P#"
    assert list(pms.booked) == [posting.id]
    assert pms.resends == (1 if booked_before_the_drop else 0)
    assert len(await repo.postings()) == 1


async def test_an_unanswered_posting_is_sent_again_with_its_number(
    repo: HotelRepository, pms: PmsSimulator, link: FiasLink
) -> None:
    await until(link.up.is_set, "the link up")
    pms.silent = True  # the PMS stops answering LA; postings it still takes
    pms.refuse_rooms = {"102"}
    posting = await charge(repo, "refused", room="102")
    await until(lambda: any(r.kind == "PS" for r in pms.received), "the PS")
    for _ in range(100):
        if await status(repo, posting.id) == "rejected":
            break
        await asyncio.sleep(0.05)
    [refused] = await repo.postings(status="rejected")
    assert (refused.id, refused.pms_status, refused.pms_text) == (
        posting.id,
        "NG",
        "no posting allowed for this room",
    )
    assert pms.booked == {}
    # A PMS that says nothing for three keep-alive periods is taken for gone.
    await until(lambda: link.connections >= 2, "the silent link dropped and redialled", 8)


async def test_guest_and_room_records_from_the_pms(
    repo: HotelRepository, pms: PmsSimulator, link: FiasLink
) -> None:
    await until(link.up.is_set, "the link up")
    await until(lambda: pms.linked, "the simulator's side")

    async def applied(count: int) -> None:
        async def done() -> int:
            return len([m for m in await repo.pms_messages("in") if m.status != "pending"])

        for _ in range(200):
            if await done() >= count:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{count} inbound records not applied")

    pms.send(fias.guest_in("106", "R-900", "周杰", "ZH", GD="261205", GP="Y"))
    await applied(1)
    guest = await repo.in_house("106")
    assert guest is not None and (guest.name, guest.latin_name, guest.privacy) == (
        "周杰",
        "Zhou Jie",
        True,
    )
    assert guest.reservation == "R-900"
    pms.send(fias.Record("GC", {"RN": "202", "RO": "106", "G#": "R-900", "GL": "EN"}))
    pms.send(fias.room_equipment(fias.Equipment("202", dnd=True, class_of_service=1)))
    await applied(3)
    moved = await repo.in_house("202")
    assert moved is not None and moved.id == guest.id and await repo.in_house("106") is None
    assert moved.language == "en"
    room = await repo.room("202")
    assert room.dnd and room.class_of_service is ClassOfService.LOCAL
    # The PMS's own changes are not echoed back to it.
    assert [m.kind for m in await repo.pms_messages("out")] == []
    pms.send(fias.Record("GO", {"RN": "202", "G#": "R-OTHER"}))  # someone else's booking
    pms.send(fias.guest_in("999", "R-1", "Nobody", "EN"))
    pms.send(fias.Record("GO", {"RN": "202", "G#": "R-900"}))
    await applied(6)
    failed = {m.kind: m.last_error for m in await repo.pms_messages("in", "failed")}
    assert "reservation R-OTHER is not the guest in house" in (failed["GO"] or "")
    assert failed["GI"] == "there is no room 999"
    assert await repo.in_house("202") is None
    assert [m.status for m in await repo.pms_messages("in")] == [
        "done",
        "done",
        "done",
        "failed",
        "failed",
        "done",
    ]


async def test_records_stored_but_not_applied_before_a_crash_are_applied_at_start(
    repo: HotelRepository, pms: PmsSimulator
) -> None:
    record = fias.guest_in("106", "R-5", "Ann Lee", "EN")
    await repo.receive_pms("GI", fias.encode(record).decode(), now())
    link = FiasLink(repo, repo.hotel, now, backoff=FAST, poll_seconds=0.05)
    task = asyncio.create_task(link.run())
    try:
        await until(link.up.is_set, "the link up")
        guest = await repo.in_house("106")
        assert guest is not None and guest.name == "Ann Lee"
        assert [m.status for m in await repo.pms_messages("in")] == ["done"]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
