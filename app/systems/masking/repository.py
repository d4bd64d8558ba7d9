"""Shoppers, the fictitious-number pool, pairings, masked calls and pending callbacks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.engine import transaction
from app.db.errors import NotFoundError
from app.sms.models import SmsOutboxRow
from app.systems.masking.models import (
    FictitiousNumberRow,
    MaskedCallRow,
    PairingRow,
    PendingCallbackRow,
    ShopperRow,
)
from app.systems.masking.records import MaskedCallRecord
from app.systems.masking.rules import (
    DEFAULT_SHOPPER_LANGUAGE,
    MaskedCallStart,
    Pairing,
    PendingCallback,
    Shopper,
    next_order_number,
)

# Two missed calls for one shopper at the same instant may pick the same order number;
# the unique constraint refuses the second, which then tries again.
ORDER_NUMBER_TRIES = 5


def _shopper(row: ShopperRow) -> Shopper:
    return Shopper(id=row.id, name=row.name, real_number=row.real_number, language=row.language)


def _callback(row: PendingCallbackRow) -> PendingCallback:
    return PendingCallback(
        id=row.id,
        shopper_id=row.shopper_id,
        order_number=row.order_number,
        caller_number=row.caller_number,
        fictitious_number=row.fictitious_number,
        missed_at=row.missed_at,
        expires_at=row.expires_at,
    )


def _call(row: MaskedCallRow, shopper_number: str) -> MaskedCallRecord:
    return MaskedCallRecord(
        id=row.id,
        direction=row.direction,
        shopper_id=row.shopper_id,
        shopper_number=shopper_number,
        fictitious_number=row.fictitious_number,
        remote_number=row.remote_number,
        channel_id=row.channel_id,
        started_at=row.started_at,
        answered_at=row.answered_at,
        ended_at=row.ended_at,
        outcome=row.outcome,
        recording_path=row.recording_path,
        recording_seconds=row.recording_seconds,
    )


class MaskingRepository:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    # -- lookups the flows make ---------------------------------------------------------
    async def find_shopper(self, real_number: str) -> Shopper | None:
        """The active shopper calling from this number; an inactive one is unknown."""
        async with self._sessionmaker() as session:
            row = await session.scalar(
                select(ShopperRow).where(ShopperRow.real_number == real_number, ShopperRow.active)
            )
            return _shopper(row) if row else None

    async def pairings(self, shopper_id: int) -> list[Pairing]:
        async with self._sessionmaker() as session:
            rows = await session.execute(
                select(PairingRow.ordinal, FictitiousNumberRow.number)
                .join(
                    FictitiousNumberRow, FictitiousNumberRow.id == PairingRow.fictitious_number_id
                )
                .where(PairingRow.shopper_id == shopper_id)
                .order_by(PairingRow.ordinal)
            )
            return [Pairing(shopper_id, ordinal, number) for ordinal, number in rows]

    async def owner_of(self, fictitious_number: str) -> tuple[Shopper, Pairing] | None:
        """The active shopper a fictitious number is paired with, if any."""
        async with self._sessionmaker() as session:
            found = (
                await session.execute(
                    select(ShopperRow, PairingRow.ordinal)
                    .join(PairingRow, PairingRow.shopper_id == ShopperRow.id)
                    .join(
                        FictitiousNumberRow,
                        FictitiousNumberRow.id == PairingRow.fictitious_number_id,
                    )
                    .where(FictitiousNumberRow.number == fictitious_number, ShopperRow.active)
                )
            ).first()
            if found is None:
                return None
            shopper, ordinal = found
            return _shopper(shopper), Pairing(shopper.id, ordinal, fictitious_number)

    async def pool(self) -> set[str]:
        """Every number the operator owns."""
        async with self._sessionmaker() as session:
            return set(await session.scalars(select(FictitiousNumberRow.number)))

    async def is_owned(self, number: str) -> bool:
        async with self._sessionmaker() as session:
            found = await session.scalar(
                select(FictitiousNumberRow.id).where(FictitiousNumberRow.number == number)
            )
            return found is not None

    async def calls_since(self, shopper_id: int, since: datetime) -> int:
        """Calls a shopper placed (outbound or returned) since `since`, for the rate limit."""
        async with self._sessionmaker() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(MaskedCallRow)
                .where(
                    MaskedCallRow.shopper_id == shopper_id,
                    MaskedCallRow.direction != "inbound",
                    MaskedCallRow.started_at >= since,
                )
            )
            return int(count or 0)

    # -- masked calls ------------------------------------------------------------------
    async def start_call(self, start: MaskedCallStart) -> int:
        row = MaskedCallRow(
            direction=start.direction,
            shopper_id=start.shopper_id,
            fictitious_number=start.fictitious_number,
            remote_number=start.remote_number,
            channel_id=start.channel_id,
            started_at=start.started_at,
            pending_callback_id=start.pending_callback_id,
        )
        async with transaction(self._sessionmaker) as session:
            session.add(row)
            await session.flush()
            return row.id

    async def call_answered(self, call_id: int, at: datetime, recording_name: str) -> None:
        """Answered: the recording's name is stored now, so a crash mid-call still leaves
        the row pointing at the audio."""
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(MaskedCallRow)
                .where(MaskedCallRow.id == call_id)
                .values(answered_at=at, recording_name=recording_name)
            )

    async def call_ended(
        self,
        call_id: int,
        at: datetime,
        outcome: str,
        recording: tuple[str, float] | None = None,
    ) -> None:
        """`recording` is (file path, seconds) for an answered call."""
        values: dict[str, object] = {"ended_at": at, "outcome": outcome}
        if recording is not None:
            values.update(recording_path=recording[0], recording_seconds=recording[1])
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(MaskedCallRow).where(MaskedCallRow.id == call_id).values(**values)
            )

    async def list_calls(self, since: datetime, until: datetime) -> list[MaskedCallRecord]:
        async with self._sessionmaker() as session:
            rows = await session.execute(
                select(MaskedCallRow, ShopperRow.real_number)
                .join(ShopperRow, ShopperRow.id == MaskedCallRow.shopper_id)
                .where(MaskedCallRow.started_at >= since, MaskedCallRow.started_at < until)
                .order_by(MaskedCallRow.started_at, MaskedCallRow.id)
            )
            return [_call(row, number) for row, number in rows]

    async def get_call(self, call_id: int) -> MaskedCallRecord:
        async with self._sessionmaker() as session:
            found = (
                await session.execute(
                    select(MaskedCallRow, ShopperRow.real_number)
                    .join(ShopperRow, ShopperRow.id == MaskedCallRow.shopper_id)
                    .where(MaskedCallRow.id == call_id)
                )
            ).first()
            if found is None:
                raise NotFoundError(f"masked call {call_id}")
            return _call(found[0], found[1])

    # -- pending callbacks -------------------------------------------------------------
    async def record_missed_call(
        self,
        shopper: Shopper,
        caller_number: str,
        fictitious_number: str,
        missed_at: datetime,
        expires_at: datetime,
        sms_text: Callable[[int], str],
    ) -> PendingCallback:
        """The pending callback and its SMS in one transaction: both or neither."""
        for attempt in range(ORDER_NUMBER_TRIES):
            try:
                async with transaction(self._sessionmaker) as session:
                    used = await session.scalars(
                        select(PendingCallbackRow.order_number).where(
                            PendingCallbackRow.shopper_id == shopper.id
                        )
                    )
                    row = PendingCallbackRow(
                        shopper_id=shopper.id,
                        order_number=next_order_number(used),
                        caller_number=caller_number,
                        fictitious_number=fictitious_number,
                        missed_at=missed_at,
                        expires_at=expires_at,
                    )
                    session.add(row)
                    await session.flush()
                    session.add(
                        SmsOutboxRow(
                            to_number=shopper.real_number,
                            body=sms_text(row.order_number),
                            pending_callback_id=row.id,
                            status="pending",
                            attempts=0,
                            next_attempt_at=missed_at,
                        )
                    )
                    return _callback(row)
            except IntegrityError:
                if attempt == ORDER_NUMBER_TRIES - 1:
                    raise
        raise AssertionError("unreachable")

    async def open_callbacks(self, shopper_id: int, now: datetime) -> list[PendingCallback]:
        """Callbacks not yet returned and not expired, oldest first."""
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(PendingCallbackRow)
                .where(
                    PendingCallbackRow.shopper_id == shopper_id,
                    PendingCallbackRow.returned_at.is_(None),
                    PendingCallbackRow.expires_at > now,
                )
                .order_by(PendingCallbackRow.missed_at, PendingCallbackRow.order_number)
            )
            return [_callback(row) for row in rows]

    async def all_open_callbacks(self, now: datetime) -> list[tuple[PendingCallback, str]]:
        """Every shopper's open callbacks, oldest first, each with the shopper's real number
        (what the admin knows them by)."""
        async with self._sessionmaker() as session:
            rows = await session.execute(
                select(PendingCallbackRow, ShopperRow.real_number)
                .join(ShopperRow, ShopperRow.id == PendingCallbackRow.shopper_id)
                .where(
                    PendingCallbackRow.returned_at.is_(None), PendingCallbackRow.expires_at > now
                )
                .order_by(PendingCallbackRow.missed_at, PendingCallbackRow.id)
            )
            return [(_callback(row), number) for row, number in rows]

    async def mark_returned(self, callback_id: int, at: datetime) -> None:
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(PendingCallbackRow)
                .where(PendingCallbackRow.id == callback_id)
                .values(returned_at=at)
            )

    # -- administration ----------------------------------------------------------------
    async def add_shopper(
        self, name: str, real_number: str, language: str = DEFAULT_SHOPPER_LANGUAGE
    ) -> Shopper:
        row = ShopperRow(name=name, real_number=real_number, active=True, language=language)
        async with transaction(self._sessionmaker) as session:
            session.add(row)
            await session.flush()
            return _shopper(row)

    async def add_fictitious_number(self, number: str) -> None:
        async with transaction(self._sessionmaker) as session:
            session.add(FictitiousNumberRow(number=number))

    async def pair(self, real_number: str, number: str, ordinal: int | None = None) -> Pairing:
        """Pair a pool number with a shopper; the ordinal (the ID they key in) defaults to
        the next one free for that shopper."""
        async with transaction(self._sessionmaker) as session:
            shopper = await session.scalar(
                select(ShopperRow).where(ShopperRow.real_number == real_number)
            )
            if shopper is None:
                raise NotFoundError(f"shopper {real_number}")
            fictitious = await session.scalar(
                select(FictitiousNumberRow).where(FictitiousNumberRow.number == number)
            )
            if fictitious is None:
                raise NotFoundError(f"{number} is not in the pool")
            if ordinal is None:
                highest = await session.scalar(
                    select(func.max(PairingRow.ordinal)).where(PairingRow.shopper_id == shopper.id)
                )
                ordinal = int(highest or 0) + 1
            session.add(
                PairingRow(
                    shopper_id=shopper.id, fictitious_number_id=fictitious.id, ordinal=ordinal
                )
            )
            return Pairing(shopper.id, ordinal, number)

    async def set_language(self, real_number: str, language: str) -> None:
        async with transaction(self._sessionmaker) as session:
            changed = await session.execute(
                update(ShopperRow)
                .where(ShopperRow.real_number == real_number)
                .values(language=language)
            )
            if not changed.rowcount:  # type: ignore[attr-defined]
                raise NotFoundError(f"shopper {real_number}")

    async def unpair(self, real_number: str, number: str) -> bool:
        async with transaction(self._sessionmaker) as session:
            row = await session.scalar(
                select(PairingRow)
                .join(ShopperRow, ShopperRow.id == PairingRow.shopper_id)
                .join(
                    FictitiousNumberRow, FictitiousNumberRow.id == PairingRow.fictitious_number_id
                )
                .where(ShopperRow.real_number == real_number, FictitiousNumberRow.number == number)
            )
            if row is None:
                return False
            await session.delete(row)
            return True

    async def list_shoppers(self) -> list[tuple[Shopper, list[Pairing]]]:
        async with self._sessionmaker() as session:
            shoppers = list(await session.scalars(select(ShopperRow).order_by(ShopperRow.id)))
        return [(_shopper(s), await self.pairings(s.id)) for s in shoppers]
