"""The hotel repository on SQLite and PostgreSQL: stays (check-in, check-out, move), the
demo hotel, postings made exactly once, vouchers, the staff log and guest search."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.hotel.demo import DEMO_GUESTS, DEMO_ROOMS, DND_ROOM, PRIVATE_ROOM, seed_hotel_demo
from app.systems.hotel.models import FolioPostingRow, PmsMessageRow
from app.systems.hotel.records import ChargeRequest, CheckIn, VoucherDraft
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.errors import (
    HotelError,
    NoGuest,
    RoomOccupied,
    UnknownExtension,
    UnknownRoom,
    UnknownVoucher,
)
from app.systems.hotel.rules.stay import ClassOfService, Language, VoucherOutcome
from app.systems.hotel.settings import HotelSettings

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
USA = "0012125551234"


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> HotelRepository:
    assert await seed_hotel_demo(sessionmaker)
    assert not await seed_hotel_demo(sessionmaker), "the demo is seeded once"
    return HotelRepository(sessionmaker, HotelSettings())


def fias_repo(repo: HotelRepository) -> HotelRepository:
    return HotelRepository(repo._sessionmaker, replace(repo.hotel, pms="fias"))


async def count(sessionmaker: async_sessionmaker[AsyncSession], table: type) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_the_demo_hotel(repo: HotelRepository) -> None:
    rooms = await repo.rooms()
    assert [room.number for room, _ in rooms] == list(DEMO_ROOMS)
    occupied = {room.number: guest for room, guest in rooms if guest}
    assert set(occupied) == set(DEMO_GUESTS)
    assert occupied["101"].latin_name == "Zhang Wei" and occupied["101"].language is Language.ZH
    assert occupied[PRIVATE_ROOM].privacy
    assert (await repo.room(DND_ROOM)).dnd
    assert len(await repo.staff()) == 7 and len(await repo.tariffs()) >= 10
    assert [s.role for s in await repo.staff()][:3] == ["operator", "operator", "front_desk"]


async def test_check_in_out_and_the_errors_staff_see(repo: HotelRepository) -> None:
    with pytest.raises(UnknownRoom, match="there is no room 999"):
        await repo.check_in(CheckIn("999", "Nobody", Language.EN), NOW)
    with pytest.raises(RoomOccupied, match="room 101 is occupied by 张伟"):
        await repo.check_in(CheckIn("101", "Someone", Language.EN), NOW)
    with pytest.raises(NoGuest, match="room 106 has no guest"):
        await repo.check_out("106", NOW)
    guest = await repo.check_in(
        CheckIn(
            "106",
            "欧阳娜娜",
            Language.ZH,
            reservation="R-77",
            class_of_service=ClassOfService.NATIONAL,
        ),
        NOW,
    )
    assert guest.latin_name.lower().replace(" ", "") == "ouyangnana"
    assert (await repo.room("106")).class_of_service is ClassOfService.NATIONAL
    # The PMS sending the same check-in again changes nothing.
    assert (
        await repo.check_in(CheckIn("106", "欧阳娜娜", Language.ZH, reservation="R-77"), NOW)
        == guest
    )
    done = await repo.check_out("106", NOW + timedelta(days=2))
    assert done.guest.id == guest.id and await repo.in_house("106") is None
    assert [g.id for g in await repo.guests(include_departed=True) if g.room_number == "106"] == [
        guest.id
    ]


async def test_checkout_clears_the_room(repo: HotelRepository) -> None:
    await repo.set_message_lamp(DND_ROOM, True)
    await repo.set_wakeup(DND_ROOM, "0630", False, NOW)
    await repo.set_wakeup(DND_ROOM, "0700", True, NOW)
    done = await repo.check_out(DND_ROOM, NOW)
    assert done.wakeups_cancelled == 2
    room = await repo.room(DND_ROOM)
    assert (room.dnd, room.message_lamp, room.class_of_service) == (
        False,
        False,
        ClassOfService.INTERNAL,
    )
    assert {w.state for w in await repo.wakeups(DND_ROOM)} == {"cancelled"}


async def test_a_room_move_carries_the_guest_and_clears_the_old_room(
    repo: HotelRepository,
) -> None:
    wake = await repo.set_wakeup(DND_ROOM, "0630", False, NOW)
    with pytest.raises(RoomOccupied):
        await repo.move(DND_ROOM, "101", NOW)
    with pytest.raises(NoGuest):
        await repo.move("106", "202", NOW)
    guest = await repo.move(DND_ROOM, "206", NOW)
    assert guest.room_number == "206" and guest.name == "Emma Brown"
    new, old = await repo.room("206"), await repo.room(DND_ROOM)
    assert new.dnd and new.class_of_service is ClassOfService.INTERNATIONAL
    assert not old.dnd and old.class_of_service is ClassOfService.INTERNAL
    assert [w.id for w in await repo.wakeups("206")] == [wake.id]
    assert await repo.in_house(DND_ROOM) is None


async def test_two_check_ins_to_one_room_at_once_let_one_through(repo: HotelRepository) -> None:
    results = await asyncio.gather(
        *(repo.check_in(CheckIn("202", f"Guest {n}", Language.EN), NOW) for n in range(4)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, RoomOccupied) for r in results if isinstance(r, BaseException))


def direct(key: str, number: str = USA, seconds: int = 125, **extra: object) -> ChargeRequest:
    return ChargeRequest(key, "101", number, "direct", seconds, NOW, **extra)  # type: ignore[arg-type]


async def test_a_charge_is_posted_exactly_once(
    repo: HotelRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    first = await repo.post_charge(direct("call-abc"))
    assert first is not None and first.amount == 1800 and first.status == "local"
    again = await repo.post_charge(direct("call-abc", seconds=999))
    assert again == first
    # Many at once (a retry racing the original): still one row.
    racing = await asyncio.gather(*(repo.post_charge(direct("call-race")) for _ in range(5)))
    assert len({p.id for p in racing if p}) == 1
    assert await count(sessionmaker, FolioPostingRow) == 2


async def test_what_is_not_posted_and_what_is_kept_unrated(repo: HotelRepository) -> None:
    assert await repo.post_charge(direct("never-connected", seconds=0)) is None
    assert await repo.post_charge(replace(direct("collect"), call_type="collect")) is None
    unrated = await repo.post_charge(direct("no-tariff", number="7777777"))
    assert unrated is not None and unrated.status == "unrated" and unrated.amount == 0
    with pytest.raises(NoGuest):
        await repo.post_charge(replace(direct("empty-room"), room="106"))


async def test_with_a_fias_pms_a_posting_waits_for_its_answer(
    repo: HotelRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    pms = fias_repo(repo)
    posting = await pms.post_charge(direct("call-fias"))
    assert posting is not None and posting.status == "pending"
    [message] = await pms.outbound_due(NOW + timedelta(days=1))
    assert message.kind == "PS" and f"|P#{posting.id}|" in message.body
    await pms.post_charge(direct("call-fias"))
    assert await count(sessionmaker, PmsMessageRow) == 1
    answered = await pms.answer_posting(posting.id, True, "OK", "", NOW)
    assert answered.status == "accepted"
    assert await pms.outbound_due(NOW + timedelta(days=1)) == []
    # A second answer (a PA resent) keeps the first.
    assert (await pms.answer_posting(posting.id, False, "NG", "late", NOW)).status == "accepted"


async def test_a_refused_posting_is_marked_for_the_operator(repo: HotelRepository) -> None:
    pms = fias_repo(repo)
    posting = await pms.post_charge(direct("call-refused"))
    assert posting is not None
    refused = await pms.answer_posting(posting.id, False, "NG", "guest checked out", NOW)
    assert (refused.status, refused.pms_status, refused.pms_text) == (
        "rejected",
        "NG",
        "guest checked out",
    )
    assert [p.id for p in await pms.postings(status="rejected")] == [posting.id]


async def test_room_changes_made_here_are_queued_for_the_pms_but_its_own_are_not(
    repo: HotelRepository,
) -> None:
    pms = fias_repo(repo)
    await pms.set_dnd("101", True)
    await pms.set_dnd("102", True, source="pms")
    queued = await pms.outbound_due(NOW + timedelta(days=1))
    assert [m.body for m in queued] == ["\x02RE|RN101|DNY|CS3|MLN|\x03"]


def draft(room: str = "101", call_type: str = "idd") -> VoucherDraft:
    return VoucherDraft(
        room,
        USA,
        call_type,
        "王芳",
        "2001",
        recipient_name="Mary Smith",
        city_name="New York",
        city_code="001212",
    )


async def test_the_voucher_lifecycle_charges_the_bridged_time_once(repo: HotelRepository) -> None:
    with pytest.raises(NoGuest):
        await repo.open_voucher(draft("106"), NOW)
    with pytest.raises(UnknownRoom):
        await repo.open_voucher(draft("999"), NOW)
    with pytest.raises(HotelError, match="operator-assisted"):
        await repo.open_voucher(draft(call_type="direct"), NOW)
    voucher = await repo.open_voucher(draft(), NOW)
    assert (voucher.caller_name, voucher.hotel_number, voucher.status) == (
        "张伟",
        repo.hotel.main_number,
        "open",
    )
    await repo.voucher_placed(voucher.id, NOW + timedelta(seconds=10))
    await repo.voucher_connected(voucher.id, NOW + timedelta(seconds=40))
    closed = await repo.close_voucher(
        voucher.id, VoucherOutcome.COMPLETED, NOW + timedelta(seconds=165)
    )
    # 125 s bridged: 3 minutes x 6.00 + the 10.00 IDD surcharge
    assert (closed.status, closed.outcome, closed.seconds, closed.charge) == (
        "closed",
        "completed",
        125,
        2800,
    )
    assert closed.posting_id is not None
    again = await repo.close_voucher(voucher.id, VoucherOutcome.COMPLETED, NOW + timedelta(hours=1))
    assert again == closed
    postings = await repo.postings()
    assert [(p.posting_key, p.amount) for p in postings] == [(f"voucher-{voucher.id}", 2800)]
    with pytest.raises(HotelError, match="closed"):
        await repo.voucher_connected(voucher.id, NOW)
    with pytest.raises(UnknownVoucher):
        await repo.voucher(424242)


@pytest.mark.parametrize(
    ("call_type", "outcome", "note"),
    [
        ("person_to_person", VoucherOutcome.PERSON_NOT_THERE, "person not there"),
        ("collect", VoucherOutcome.CHARGE_REFUSED, "charge refused"),
        ("idd", VoucherOutcome.NO_ANSWER, "no answer"),
        ("collect", VoucherOutcome.COMPLETED, "collect call"),
    ],
)
async def test_vouchers_that_cost_nothing(
    repo: HotelRepository, call_type: str, outcome: VoucherOutcome, note: str
) -> None:
    voucher = await repo.open_voucher(draft(call_type=call_type), NOW)
    await repo.voucher_connected(voucher.id, NOW)
    closed = await repo.close_voucher(voucher.id, outcome, NOW + timedelta(minutes=5))
    assert closed.charge == 0 and closed.posting_id is None and note in (closed.charge_note or "")
    assert await repo.postings() == []


async def test_a_guest_checked_out_mid_call_is_still_charged(repo: HotelRepository) -> None:
    voucher = await repo.open_voucher(draft(), NOW)
    await repo.voucher_connected(voucher.id, NOW)
    await repo.check_out("101", NOW + timedelta(seconds=30))
    closed = await repo.close_voucher(
        voucher.id, VoucherOutcome.COMPLETED, NOW + timedelta(seconds=60)
    )
    assert closed.charge == 600 + 1000  # one minute at 6.00 and the 10.00 IDD surcharge
    [posting] = await repo.postings()
    assert posting.guest_id == voucher.guest_id and posting.guest_name == "张伟"


async def test_the_staff_long_distance_log(repo: HotelRepository) -> None:
    logged = await repo.log_staff_call("leg-1", "2400", "01012345678", "direct", NOW, 61)
    assert (logged.name, logged.department, logged.cost, logged.rated) == (
        "赵敏",
        "销售部 Sales",
        160,
        True,
    )
    assert await repo.log_staff_call("leg-1", "2400", "01012345678", "direct", NOW, 61) == logged
    unrated = await repo.log_staff_call("leg-2", "2500", "7777777", "operator", NOW, 30)
    assert not unrated.rated and unrated.cost == 0
    with pytest.raises(UnknownExtension):
        await repo.log_staff_call("leg-3", "2999", "01012345678", "direct", NOW, 61)
    assert [c.call_key for c in await repo.staff_calls()] == ["leg-1", "leg-2"]


async def test_guest_search(repo: HotelRepository) -> None:
    assert [g.room_number for g in await repo.find_guests("zhang")] == ["101"]
    assert [g.room_number for g in await repo.find_guests("王")] == ["201"]
    assert [g.room_number for g in await repo.find_guests("mueller")] == ["204"]
    assert [g.room_number for g in await repo.find_guests("10")] == ["101", "102", "103", "105"]
    await repo.check_out("101", NOW)
    assert await repo.find_guests("zhang") == []


async def test_rooms_and_staff_that_cannot_be_dialled_are_refused(repo: HotelRepository) -> None:
    with pytest.raises(HotelError, match="outside-line prefix"):
        await repo.add_room("901", "901")
    with pytest.raises(HotelError, match="exists already"):
        await repo.add_room("101", "3101")
    with pytest.raises(HotelError, match="exists already"):
        await repo.add_staff("2001", "Again", "Switchboard", "operator", ClassOfService.INTERNAL)


async def test_the_front_desk_prices_unrated_calls_and_resends_refused_ones(
    repo: HotelRepository,
) -> None:
    pms = fias_repo(repo)
    unrated = await pms.post_charge(direct("unpriced", number="7777777"))
    assert unrated is not None and await pms.outbound_due(NOW + timedelta(days=1)) == []
    priced = await pms.price_posting(unrated.id, 450)
    assert (priced.amount, priced.status) == (450, "pending")
    [message] = await pms.outbound_due(NOW + timedelta(days=1))
    assert "|TA450|" in message.body
    with pytest.raises(HotelError, match="pending, not unrated"):
        await pms.price_posting(unrated.id, 1)
    await pms.answer_posting(unrated.id, False, "NG", "no folio", NOW)
    resent = await pms.resend_posting(unrated.id)
    assert resent.status == "pending" and resent.pms_status is None
    assert [m.id for m in await pms.outbound_due(NOW + timedelta(days=1))] == [message.id]
    with pytest.raises(HotelError, match="there is no posting 999"):
        await pms.resend_posting(999)
    # Without a PMS a priced call goes straight to the folio table.
    local = await repo.post_charge(direct("unpriced-local", number="7777777"))
    assert local is not None
    assert (await repo.price_posting(local.id, 100)).status == "local"
