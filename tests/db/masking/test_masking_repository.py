"""Masked-calling repositories on SQLite and PostgreSQL: pairings, the pool, masked calls,
pending callbacks written with their SMS in one transaction, and the outbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.sms.models import SmsOutboxRow, SmsStatus
from app.sms.outbox import SmsOutbox
from app.systems.masking.demo import DEMO_SHOPPER_ONE, DEMO_SHOPPER_TWO, seed_masking_demo
from app.systems.masking.repository import MaskingRepository
from app.systems.masking.rules import MaskedCallStart, Pairing, Shopper

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> MaskingRepository:
    assert await seed_masking_demo(sessionmaker)
    assert not await seed_masking_demo(sessionmaker), "the demo is seeded once"
    return MaskingRepository(sessionmaker)


async def _shopper(repo: MaskingRepository, number: str) -> Shopper:
    shopper = await repo.find_shopper(number)
    assert shopper is not None
    return shopper


async def test_demo_pairings_and_owners(repo: MaskingRepository) -> None:
    two = await _shopper(repo, DEMO_SHOPPER_TWO)
    assert await repo.pairings(two.id) == [
        Pairing(two.id, 1, "234234302"),
        Pairing(two.id, 2, "234234303"),
    ]
    owner = await repo.owner_of("234234303")
    assert owner is not None and owner[0] == two and owner[1].ordinal == 2
    assert await repo.owner_of("234234304") is None  # in the pool, paired with nobody
    assert await repo.is_owned("234234304") and not await repo.is_owned(DEMO_SHOPPER_ONE)
    assert await repo.find_shopper("777000111") is None


async def test_pair_unpair_and_one_owner_per_number(repo: MaskingRepository) -> None:
    shopper = await repo.add_shopper("New Shopper", "604000009")
    await repo.add_fictitious_number("234234399")
    assert (await repo.pair("604000009", "234234304")).ordinal == 1
    assert (await repo.pair("604000009", "234234399")).ordinal == 2
    with pytest.raises(IntegrityError):
        await repo.pair(DEMO_SHOPPER_ONE, "234234304")  # already someone else's
    assert await repo.unpair("604000009", "234234304")
    assert not await repo.unpair("604000009", "234234304")
    assert [p.number for p in await repo.pairings(shopper.id)] == ["234234399"]


async def test_masked_call_lifecycle_and_rate_count(repo: MaskingRepository) -> None:
    shopper = await _shopper(repo, DEMO_SHOPPER_ONE)
    call_id = await repo.start_call(
        MaskedCallStart("outbound", shopper.id, "234234301", "221234567", "chan-1", NOW)
    )
    await repo.call_answered(call_id, NOW + timedelta(seconds=5), f"masked-{call_id}")
    await repo.call_ended(call_id, NOW + timedelta(seconds=65), "answered", ("/r/m.wav", 60.0))
    call = await repo.get_call(call_id)
    assert (call.outcome, call.recording_path, call.recording_seconds) == (
        "answered",
        "/r/m.wav",
        60.0,
    )
    assert call.shopper_number == DEMO_SHOPPER_ONE
    assert await repo.calls_since(shopper.id, NOW - timedelta(hours=1)) == 1
    assert await repo.calls_since(shopper.id, NOW + timedelta(seconds=1)) == 0
    listed = await repo.list_calls(NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert [c.id for c in listed] == [call_id]


async def test_missed_call_writes_callback_and_sms_together(
    repo: MaskingRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    shopper = await _shopper(repo, DEMO_SHOPPER_TWO)
    outbox = SmsOutbox(sessionmaker)
    expires = NOW + timedelta(hours=72)
    first = await repo.record_missed_call(
        shopper, "221555001", "234234302", NOW, expires, lambda n: f"order {n}"
    )
    second = await repo.record_missed_call(
        shopper, "221555002", "234234303", NOW + timedelta(minutes=1), expires, lambda n: f"#{n}"
    )
    assert (first.order_number, second.order_number) == (1, 2)
    due = await outbox.due(NOW + timedelta(minutes=1))
    assert [(m.to_number, m.body) for m in due] == [
        (DEMO_SHOPPER_TWO, "order 1"),
        (DEMO_SHOPPER_TWO, "#2"),
    ]

    def broken(order: int) -> str:
        raise RuntimeError("composing failed")

    with pytest.raises(RuntimeError):
        await repo.record_missed_call(shopper, "221555003", "234234302", NOW, expires, broken)
    # Neither the callback nor its SMS was written.
    assert len(await repo.open_callbacks(shopper.id, NOW)) == 2
    assert await outbox.pending_count() == 2

    await repo.mark_returned(first.id, NOW + timedelta(minutes=5))
    assert await repo.open_callbacks(shopper.id, NOW) == [second]
    assert await repo.open_callbacks(shopper.id, expires) == [], "expired"
    assert [c.id for c, _ in await repo.all_open_callbacks(NOW)] == [second.id]
    # Order numbers are never reused, even after a callback was returned.
    third = await repo.record_missed_call(
        shopper, "221555004", "234234302", NOW, expires, lambda n: "x"
    )
    assert third.order_number == 3


async def test_concurrent_missed_calls_get_distinct_order_numbers(
    repo: MaskingRepository,
) -> None:
    shopper = await _shopper(repo, DEMO_SHOPPER_ONE)
    expires = NOW + timedelta(hours=1)
    callbacks = await asyncio.gather(
        *(
            repo.record_missed_call(shopper, f"22155500{i}", "234234301", NOW, expires, str)
            for i in range(4)
        )
    )
    assert sorted(c.order_number for c in callbacks) == [1, 2, 3, 4]


async def test_outbox_sent_and_failed(
    repo: MaskingRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    shopper = await _shopper(repo, DEMO_SHOPPER_ONE)
    outbox = SmsOutbox(sessionmaker)
    expires = NOW + timedelta(hours=1)
    await repo.record_missed_call(shopper, "221555001", "234234301", NOW, expires, str)
    await repo.record_missed_call(shopper, "221555002", "234234301", NOW, expires, str)
    first, second = await outbox.due(NOW)
    assert first.idempotency_key == f"switchboard-sms-{first.id}"
    await outbox.mark_done(first.id, NOW, SmsStatus.SENT)
    await outbox.mark_failed(second.id, "HTTP 503", NOW + timedelta(seconds=5))
    assert await outbox.due(NOW) == []
    [retry] = await outbox.due(NOW + timedelta(seconds=5))
    assert (retry.id, retry.attempts) == (second.id, 1)
    assert await outbox.pending_count() == 1
    # Without a gateway the SMS only reaches the log: the row says so (the schema allows it).
    await outbox.mark_done(second.id, NOW, SmsStatus.LOGGED)
    async with sessionmaker() as session:
        rows = await session.execute(select(SmsOutboxRow.id, SmsOutboxRow.status))
        statuses = {sms_id: status for sms_id, status in rows}
    assert statuses == {first.id: "sent", second.id: "logged"}
    assert await outbox.pending_count() == 0


async def test_a_claimed_sms_is_not_claimed_again_until_its_lease_runs_out(
    repo: MaskingRepository, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    shopper = await _shopper(repo, DEMO_SHOPPER_ONE)
    outbox = SmsOutbox(sessionmaker)
    await repo.record_missed_call(
        shopper, "221555001", "234234301", NOW, NOW + timedelta(hours=1), str
    )
    lease = timedelta(minutes=2)
    first, second = await asyncio.gather(outbox.claim_due(NOW, lease), outbox.claim_due(NOW, lease))
    assert len(first) + len(second) == 1, "two senders never both get one SMS"
    assert await outbox.claim_due(NOW + timedelta(minutes=1), lease) == []
    [again] = await outbox.claim_due(NOW + lease, lease)  # the first sender died
    assert again.to_number == DEMO_SHOPPER_ONE
