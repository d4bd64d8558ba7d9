"""The hotel over the database: rooms, stays, staff, tariffs, postings, vouchers, the staff
long-distance log, wake-up calls and the PMS queue.

Every write is one transaction (app.db.engine.transaction: commit, or roll back and
re-raise). A change the PMS must hear of (a posting, a room's DND or class of service set
here) writes its outbound record in the same transaction, so neither exists without the
other; a change the PMS itself made is not echoed back to it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.base import utc_now
from app.db.engine import transaction
from app.systems.hotel import names
from app.systems.hotel.models import (
    FolioPostingRow,
    GuestRow,
    PmsMessageRow,
    RoomRow,
    StaffCallRow,
    StaffRow,
    TariffRow,
    VoucherRow,
    WakeUpRow,
)
from app.systems.hotel.records import (
    ChargeRequest,
    CheckedOut,
    CheckIn,
    PmsMessage,
    Posting,
    StaffCall,
    Voucher,
    VoucherDraft,
    WakeUp,
)
from app.systems.hotel.rules import fias
from app.systems.hotel.rules.checkout import carried, vacate
from app.systems.hotel.rules.class_of_service import NumberPlan, extension_problem
from app.systems.hotel.rules.errors import (
    HotelError,
    NoGuest,
    RoomOccupied,
    UnknownExtension,
    UnknownRoom,
    UnknownVoucher,
)
from app.systems.hotel.rules.rating import Tariff, rate_call
from app.systems.hotel.rules.search import SearchEntry, search
from app.systems.hotel.rules.stay import (
    CallType,
    ClassOfService,
    Guest,
    Language,
    PostingStatus,
    Room,
    Staff,
    VoucherOutcome,
    VoucherStatus,
)
from app.systems.hotel.rules.wakeup import (
    Attempt,
    WakeUpPolicy,
    WakeUpState,
    WakeUpUpdate,
    after_attempt,
    next_due,
    parse_hhmm,
)
from app.systems.hotel.settings import HotelSettings


def _room(row: RoomRow) -> Room:
    return Room(
        id=row.id,
        number=row.number,
        extension=row.extension,
        dnd=row.dnd,
        class_of_service=ClassOfService.named(row.class_of_service),
        message_lamp=row.message_lamp,
    )


def _guest(row: GuestRow, room_number: str) -> Guest:
    return Guest(
        id=row.id,
        room_number=room_number,
        name=row.name,
        latin_name=row.latin_name,
        language=Language(row.language),
        privacy=row.privacy,
        checked_in_at=row.checked_in_at,
        departure=row.departure,
        checked_out_at=row.checked_out_at,
        reservation=row.reservation,
    )


def _staff(row: StaffRow) -> Staff:
    return Staff(
        id=row.id,
        extension=row.extension,
        name=row.name,
        department=row.department,
        role=row.role,
        class_of_service=ClassOfService.named(row.class_of_service),
    )


def _tariff(row: TariffRow) -> Tariff:
    return Tariff(
        prefix=row.prefix,
        name=row.name,
        per_minute=row.per_minute,
        minimum=row.minimum,
        idd_surcharge=row.idd_surcharge,
        person_to_person_surcharge=row.person_to_person_surcharge,
    )


def _voucher(row: VoucherRow) -> Voucher:
    return Voucher(
        id=row.id,
        room_number=row.room_number,
        guest_id=row.guest_id,
        caller_name=row.caller_name,
        hotel_number=row.hotel_number,
        city_name=row.city_name,
        city_code=row.city_code,
        recipient_name=row.recipient_name,
        destination=row.destination,
        call_type=row.call_type,
        operator_name=row.operator_name,
        operator_extension=row.operator_extension,
        status=row.status,
        outcome=row.outcome,
        created_at=row.created_at,
        placed_at=row.placed_at,
        connected_at=row.connected_at,
        ended_at=row.ended_at,
        seconds=row.seconds,
        charge=row.charge,
        charge_note=row.charge_note,
        posting_id=row.posting_id,
    )


def _posting(row: FolioPostingRow, room: str, guest: GuestRow) -> Posting:
    return Posting(
        id=row.id,
        posting_key=row.posting_key,
        room_number=room,
        guest_id=row.guest_id,
        guest_name=guest.name,
        reservation=guest.reservation,
        amount=row.amount,
        currency=row.currency,
        description=row.description,
        destination=row.destination,
        call_type=row.call_type,
        seconds=row.seconds,
        call_at=row.call_at,
        status=row.status,
        pms_status=row.pms_status,
        pms_text=row.pms_text,
        answered_at=row.answered_at,
    )


def _staff_call(row: StaffCallRow, extension: str) -> StaffCall:
    return StaffCall(
        id=row.id,
        call_key=row.call_key,
        extension=extension,
        name=row.name,
        department=row.department,
        destination=row.destination,
        placed_by=row.placed_by,
        started_at=row.started_at,
        seconds=row.seconds,
        cost=row.cost,
        rated=row.rated,
    )


def _message(row: PmsMessageRow) -> PmsMessage:
    return PmsMessage(
        id=row.id,
        direction=row.direction,
        kind=row.kind,
        body=row.body,
        status=row.status,
        posting_id=row.posting_id,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        created_at=row.created_at,
    )


class HotelRepository:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], hotel: HotelSettings
    ) -> None:
        self._sessionmaker = sessionmaker
        self.hotel = hotel
        self.zone = ZoneInfo(hotel.timezone)
        self.plan = NumberPlan(
            emergency_numbers=hotel.emergency_numbers,
            operator_code=hotel.operator_code,
            outside_prefix=hotel.outside_prefix,
            international_prefix=hotel.international_prefix,
            national_prefix=hotel.national_prefix,
            local_area_code=hotel.local_area_code,
        )
        self.policy = WakeUpPolicy(
            hotel.wakeup_retries, hotel.wakeup_retry_minutes, hotel.snooze_minutes
        )

    # -- helpers inside a transaction ----------------------------------------------------
    async def _room_row(self, session: AsyncSession, number: str) -> RoomRow:
        row = await session.scalar(select(RoomRow).where(RoomRow.number == number))
        if row is None:
            raise UnknownRoom(number)
        return row

    async def _in_house_row(self, session: AsyncSession, room: RoomRow) -> GuestRow | None:
        return await session.scalar(
            select(GuestRow).where(GuestRow.room_id == room.id, GuestRow.checked_out_at.is_(None))
        )

    def _queue(
        self, session: AsyncSession, record: fias.Record, now: datetime, posting_id: int | None
    ) -> None:
        """An outbound record for the FIAS link; nothing without one."""
        if not self.hotel.fias_enabled:
            return
        session.add(
            PmsMessageRow(
                direction="out",
                kind=record.kind,
                body=fias.encode(record).decode(),
                status="pending",
                posting_id=posting_id,
                attempts=0,
                next_attempt_at=now,
            )
        )

    def _tell_pms_room(self, session: AsyncSession, row: RoomRow, source: str) -> None:
        if source == "pms":
            return
        equipment = fias.Equipment(
            row.number,
            row.dnd,
            int(ClassOfService.named(row.class_of_service)),
            row.message_lamp,
        )
        self._queue(session, fias.room_equipment(equipment), utc_now(), None)

    # -- rooms ------------------------------------------------------------------------
    async def add_room(self, number: str, extension: str, floor: int | None = None) -> Room:
        problem = extension_problem(extension, self.plan)
        if problem:
            raise HotelError(problem)
        row = RoomRow(number=number, extension=extension, floor=floor)
        try:
            async with transaction(self._sessionmaker) as session:
                session.add(row)
                await session.flush()
                return _room(row)
        except IntegrityError:
            raise HotelError(f"room {number} or extension {extension} exists already") from None

    async def room(self, number: str) -> Room:
        async with self._sessionmaker() as session:
            return _room(await self._room_row(session, number))

    async def room_by_extension(self, extension: str) -> Room | None:
        async with self._sessionmaker() as session:
            row = await session.scalar(select(RoomRow).where(RoomRow.extension == extension))
            return _room(row) if row else None

    async def rooms(self) -> list[tuple[Room, Guest | None]]:
        async with self._sessionmaker() as session:
            rows = await session.execute(
                select(RoomRow, GuestRow)
                .outerjoin(
                    GuestRow,
                    (GuestRow.room_id == RoomRow.id) & GuestRow.checked_out_at.is_(None),
                )
                .order_by(RoomRow.number)
            )
            return [
                (_room(room), _guest(guest, room.number) if guest else None) for room, guest in rows
            ]

    async def _set_room(self, number: str, source: str, **values: object) -> Room:
        async with transaction(self._sessionmaker) as session:
            row = await self._room_row(session, number)
            for name, value in values.items():
                setattr(row, name, value)
            self._tell_pms_room(session, row, source)
            return _room(row)

    async def set_dnd(self, room: str, on: bool, source: str = "cli") -> Room:
        return await self._set_room(room, source, dnd=on)

    async def set_class_of_service(
        self, room: str, cos: ClassOfService, source: str = "cli"
    ) -> Room:
        return await self._set_room(room, source, class_of_service=cos.label)

    async def set_message_lamp(self, room: str, on: bool, source: str = "cli") -> Room:
        return await self._set_room(room, source, message_lamp=on)

    # -- guests -----------------------------------------------------------------------
    async def check_in(self, stay: CheckIn, now: datetime) -> Guest:
        """The guest into the room. The same reservation checked in again to the same room
        (a PMS resending its GI) returns the stay it made the first time."""
        try:
            async with transaction(self._sessionmaker) as session:
                room = await self._room_row(session, stay.room)
                current = await self._in_house_row(session, room)
                if current is not None:
                    if stay.reservation and current.reservation == stay.reservation:
                        return _guest(current, room.number)
                    raise RoomOccupied(room.number, current.name)
                row = GuestRow(
                    room_id=room.id,
                    reservation=stay.reservation,
                    name=stay.name.strip(),
                    latin_name=(stay.latin_name or names.pinyin(stay.name)).strip(),
                    language=stay.language.value,
                    privacy=stay.privacy,
                    checked_in_at=now,
                    departure=stay.departure,
                    source=stay.source,
                )
                session.add(row)
                room.class_of_service = stay.class_of_service.label
                room.dnd = False
                self._tell_pms_room(session, room, stay.source)
                await session.flush()
                return _guest(row, room.number)
        except IntegrityError:
            # Two check-ins to one room at once: the in-house index let one through.
            raise RoomOccupied(stay.room, "another guest") from None

    async def check_out(self, room: str, now: datetime, source: str = "cli") -> CheckedOut:
        async with transaction(self._sessionmaker) as session:
            row = await self._room_row(session, room)
            guest = await self._in_house_row(session, row)
            if guest is None:
                raise NoGuest(room)
            guest.checked_out_at = now
            vacated = vacate(_room(row))
            row.dnd = vacated.dnd
            row.message_lamp = vacated.message_lamp
            row.class_of_service = vacated.class_of_service.label
            cancelled = await session.execute(
                update(WakeUpRow)
                .where(
                    WakeUpRow.room_id == row.id,
                    WakeUpRow.state.in_((WakeUpState.SCHEDULED, WakeUpState.RINGING)),
                )
                .values(state=WakeUpState.CANCELLED, lease_until=None)
            )
            self._tell_pms_room(session, row, source)
            return CheckedOut(
                _guest(guest, row.number), vacated, int(getattr(cancelled, "rowcount", 0))
            )

    async def move(self, room: str, to_room: str, now: datetime, source: str = "cli") -> Guest:
        """The guest, their phone's DND and class of service and their wake-ups go to the
        new room; the old room is left vacant."""
        async with transaction(self._sessionmaker) as session:
            old = await self._room_row(session, room)
            new = await self._room_row(session, to_room)
            guest = await self._in_house_row(session, old)
            if guest is None:
                raise NoGuest(room)
            there = await self._in_house_row(session, new)
            if there is not None:
                raise RoomOccupied(new.number, there.name)
            moved = carried(_room(old))
            guest.room_id = new.id
            new.dnd, new.class_of_service = moved.dnd, moved.class_of_service.label
            vacated = vacate(_room(old))
            old.dnd, old.message_lamp = vacated.dnd, vacated.message_lamp
            old.class_of_service = vacated.class_of_service.label
            await session.execute(
                update(WakeUpRow)
                .where(WakeUpRow.room_id == old.id, WakeUpRow.state == WakeUpState.SCHEDULED)
                .values(room_id=new.id)
            )
            self._tell_pms_room(session, old, source)
            self._tell_pms_room(session, new, source)
            await session.flush()
            return _guest(guest, new.number)

    async def in_house(self, room: str) -> Guest | None:
        async with self._sessionmaker() as session:
            row = await self._room_row(session, room)
            guest = await self._in_house_row(session, row)
            return _guest(guest, row.number) if guest else None

    async def guests(self, *, include_departed: bool = False) -> list[Guest]:
        async with self._sessionmaker() as session:
            query = select(GuestRow, RoomRow.number).join(RoomRow, RoomRow.id == GuestRow.room_id)
            if not include_departed:
                query = query.where(GuestRow.checked_out_at.is_(None))
            rows = await session.execute(query.order_by(RoomRow.number, GuestRow.id))
            return [_guest(guest, number) for guest, number in rows]

    async def find_guests(self, query: str) -> list[Guest]:
        """In-house guests by room, part of the name, pinyin or Latin letters, best first."""
        in_house = {guest.id: guest for guest in await self.guests()}
        entries = [
            SearchEntry(g.id, g.room_number, g.name, (g.latin_name, names.pinyin(g.name)))
            for g in in_house.values()
        ]
        return [in_house[entry.guest_id] for entry in search(query, entries)]

    async def change_guest(
        self,
        room: str,
        *,
        name: str | None = None,
        language: Language | None = None,
        privacy: bool | None = None,
    ) -> Guest:
        """Change what the PMS (a GC record) or the front desk corrects about a stay."""
        async with transaction(self._sessionmaker) as session:
            row = await self._room_row(session, room)
            guest = await self._in_house_row(session, row)
            if guest is None:
                raise NoGuest(room)
            if name and name.strip() != guest.name:
                guest.name = name.strip()
                guest.latin_name = names.pinyin(guest.name)
            if language is not None:
                guest.language = language.value
            if privacy is not None:
                guest.privacy = privacy
            return _guest(guest, row.number)

    async def set_privacy(self, room: str, on: bool) -> Guest:
        async with transaction(self._sessionmaker) as session:
            row = await self._room_row(session, room)
            guest = await self._in_house_row(session, row)
            if guest is None:
                raise NoGuest(room)
            guest.privacy = on
            return _guest(guest, row.number)

    # -- staff ------------------------------------------------------------------------
    async def add_staff(
        self, extension: str, name: str, department: str, role: str, cos: ClassOfService
    ) -> Staff:
        problem = extension_problem(extension, self.plan)
        if problem:
            raise HotelError(problem)
        row = StaffRow(
            extension=extension,
            name=name,
            department=department,
            role=role,
            class_of_service=cos.label,
        )
        try:
            async with transaction(self._sessionmaker) as session:
                session.add(row)
                await session.flush()
                return _staff(row)
        except IntegrityError:
            raise HotelError(f"staff extension {extension} exists already") from None

    async def staff(self) -> list[Staff]:
        async with self._sessionmaker() as session:
            rows = await session.scalars(select(StaffRow).order_by(StaffRow.extension))
            return [_staff(row) for row in rows]

    async def staff_by_extension(self, extension: str) -> Staff | None:
        async with self._sessionmaker() as session:
            row = await session.scalar(select(StaffRow).where(StaffRow.extension == extension))
            return _staff(row) if row else None

    # -- tariffs ----------------------------------------------------------------------
    async def tariffs(self) -> list[Tariff]:
        async with self._sessionmaker() as session:
            rows = await session.scalars(select(TariffRow).order_by(TariffRow.prefix))
            return [_tariff(row) for row in rows]

    async def set_tariff(self, tariff: Tariff) -> Tariff:
        """Add the tariff, or replace the one with the same prefix."""
        async with transaction(self._sessionmaker) as session:
            row = await session.scalar(select(TariffRow).where(TariffRow.prefix == tariff.prefix))
            if row is None:
                row = TariffRow(prefix=tariff.prefix)
                session.add(row)
            row.name = tariff.name
            row.per_minute = tariff.per_minute
            row.minimum = tariff.minimum
            row.idd_surcharge = tariff.idd_surcharge
            row.person_to_person_surcharge = tariff.person_to_person_surcharge
            return tariff

    async def remove_tariff(self, prefix: str) -> bool:
        async with transaction(self._sessionmaker) as session:
            row = await session.scalar(select(TariffRow).where(TariffRow.prefix == prefix))
            if row is None:
                return False
            await session.delete(row)
            return True

    # -- postings ---------------------------------------------------------------------
    async def _existing_posting(self, session: AsyncSession, key: str) -> Posting | None:
        found = (
            await session.execute(
                select(FolioPostingRow, RoomRow.number, GuestRow)
                .join(RoomRow, RoomRow.id == FolioPostingRow.room_id)
                .join(GuestRow, GuestRow.id == FolioPostingRow.guest_id)
                .where(FolioPostingRow.posting_key == key)
            )
        ).first()
        return _posting(found[0], found[1], found[2]) if found else None

    async def _post(self, session: AsyncSession, request: ChargeRequest) -> Posting | None:
        existing = await self._existing_posting(session, request.posting_key)
        if existing is not None:
            return existing
        room = await self._room_row(session, request.room)
        if request.guest_id is not None:
            guest = await session.get(GuestRow, request.guest_id)
        else:
            guest = await self._in_house_row(session, room)
        if guest is None:
            raise NoGuest(request.room)
        tariffs = [_tariff(row) for row in await session.scalars(select(TariffRow))]
        charge = rate_call(
            request.destination,
            request.seconds,
            CallType(request.call_type),
            tariffs,
            person_reached=request.person_reached,
        )
        if charge.amount == 0 and not charge.unrated:
            return None  # collect, person not reached, never connected: nothing to post
        if charge.unrated:
            status = PostingStatus.UNRATED
        elif self.hotel.pms == "none":
            status = PostingStatus.LOCAL
        else:
            status = PostingStatus.PENDING
        row = FolioPostingRow(
            posting_key=request.posting_key,
            room_id=room.id,
            guest_id=guest.id,
            amount=charge.amount,
            currency=self.hotel.currency,
            description=charge.reason[:200],
            destination=request.destination,
            call_type=request.call_type,
            seconds=request.seconds,
            call_at=request.call_at,
            status=status,
        )
        session.add(row)
        await session.flush()
        if status is PostingStatus.PENDING:
            await self._send_posting(session, row)
        return _posting(row, room.number, guest)

    async def post_charge(self, request: ChargeRequest) -> Posting | None:
        """Rate the call and post it to the guest's folio once: the same posting key
        again returns the first posting (None: the call costs the guest nothing)."""
        try:
            async with transaction(self._sessionmaker) as session:
                return await self._post(session, request)
        except IntegrityError:
            # The same call posted twice at once: the other one won; it is the posting.
            async with self._sessionmaker() as session:
                existing = await self._existing_posting(session, request.posting_key)
            if existing is None:
                raise
            return existing

    async def postings(
        self,
        *,
        status: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Posting]:
        async with self._sessionmaker() as session:
            query = (
                select(FolioPostingRow, RoomRow.number, GuestRow)
                .join(RoomRow, RoomRow.id == FolioPostingRow.room_id)
                .join(GuestRow, GuestRow.id == FolioPostingRow.guest_id)
            )
            if status is not None:
                query = query.where(FolioPostingRow.status == status)
            if since is not None:
                query = query.where(FolioPostingRow.call_at >= since)
            if until is not None:
                query = query.where(FolioPostingRow.call_at < until)
            rows = await session.execute(query.order_by(FolioPostingRow.id))
            return [_posting(row, number, guest) for row, number, guest in rows]

    async def _posting_row(self, session: AsyncSession, posting_id: int) -> FolioPostingRow:
        row = await session.get(FolioPostingRow, posting_id)
        if row is None:
            raise HotelError(f"there is no posting {posting_id}")
        return row

    async def _send_posting(self, session: AsyncSession, row: FolioPostingRow) -> None:
        """Hand a posting to the PMS (again): its one PS record, due now."""
        if self.hotel.pms == "none":
            row.status = PostingStatus.LOCAL
            return
        row.status = PostingStatus.PENDING
        row.pms_status = row.pms_text = None
        row.answered_at = None
        message = await session.scalar(
            select(PmsMessageRow).where(PmsMessageRow.posting_id == row.id)
        )
        if message is not None:
            message.status, message.next_attempt_at, message.done_at = "pending", utc_now(), None
            return
        room = await session.get(RoomRow, row.room_id)
        guest = await session.get(GuestRow, row.guest_id)
        assert room is not None and guest is not None
        record = fias.posting(
            fias.Posting(
                number=row.id,
                room=room.number,
                reservation=guest.reservation or "",
                amount=row.amount,
                dialled=row.destination,
                seconds=row.seconds,
                call_type=row.call_type,
                at=row.call_at.astimezone(self.zone),
            )
        )
        self._queue(session, record, utc_now(), row.id)

    async def price_posting(self, posting_id: int, amount: int) -> Posting:
        """The front desk prices an unrated call; it then goes to the folio like any other."""
        async with transaction(self._sessionmaker) as session:
            row = await self._posting_row(session, posting_id)
            if row.status != PostingStatus.UNRATED:
                raise HotelError(f"posting {posting_id} is {row.status}, not unrated")
            row.amount = amount
            row.description = f"priced by the front desk: {row.description}"[:200]
            await self._send_posting(session, row)
            return await self._posting_read(session, row)

    async def resend_posting(self, posting_id: int) -> Posting:
        """Send a posting the PMS refused again (once the front desk has fixed the folio)."""
        async with transaction(self._sessionmaker) as session:
            row = await self._posting_row(session, posting_id)
            if row.status != PostingStatus.REJECTED:
                raise HotelError(f"posting {posting_id} is {row.status}, not rejected")
            await self._send_posting(session, row)
            return await self._posting_read(session, row)

    async def _posting_read(self, session: AsyncSession, row: FolioPostingRow) -> Posting:
        room = await session.get(RoomRow, row.room_id)
        guest = await session.get(GuestRow, row.guest_id)
        assert room is not None and guest is not None
        return _posting(row, room.number, guest)

    async def answer_posting(
        self, posting_id: int, accepted: bool, status: str, text: str, now: datetime
    ) -> Posting:
        """The PMS's answer. The first answer stands: a repeated answer (a PA resent
        after a reconnect) changes nothing."""
        async with transaction(self._sessionmaker) as session:
            row = await self._posting_row(session, posting_id)
            if row.status == PostingStatus.PENDING:
                row.status = PostingStatus.ACCEPTED if accepted else PostingStatus.REJECTED
                row.pms_status = status[:10]
                row.pms_text = text[:200] or None
                row.answered_at = now
            await session.execute(
                update(PmsMessageRow)
                .where(PmsMessageRow.posting_id == posting_id, PmsMessageRow.status == "pending")
                .values(status="done", done_at=now)
            )
            return await self._posting_read(session, row)

    # -- staff long-distance log ---------------------------------------------------------
    async def log_staff_call(
        self,
        call_key: str,
        extension: str,
        destination: str,
        placed_by: str,
        started_at: datetime,
        seconds: int,
    ) -> StaffCall:
        """One line of the 长话登记表 per call (the same key again returns it)."""
        async with transaction(self._sessionmaker) as session:
            staff = await session.scalar(select(StaffRow).where(StaffRow.extension == extension))
            if staff is None:
                raise UnknownExtension(extension)
            existing = await session.scalar(
                select(StaffCallRow).where(StaffCallRow.call_key == call_key)
            )
            if existing is not None:
                return _staff_call(existing, extension)
            tariffs = [_tariff(row) for row in await session.scalars(select(TariffRow))]
            charge = rate_call(destination, seconds, CallType.DIRECT, tariffs)
            row = StaffCallRow(
                call_key=call_key,
                staff_id=staff.id,
                name=staff.name,
                department=staff.department,
                destination=destination,
                placed_by=placed_by,
                started_at=started_at,
                seconds=seconds,
                cost=charge.amount,
                rated=not charge.unrated,
            )
            session.add(row)
            await session.flush()
            return _staff_call(row, extension)

    async def staff_calls(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[StaffCall]:
        async with self._sessionmaker() as session:
            query = select(StaffCallRow, StaffRow.extension).join(
                StaffRow, StaffRow.id == StaffCallRow.staff_id
            )
            if since is not None:
                query = query.where(StaffCallRow.started_at >= since)
            if until is not None:
                query = query.where(StaffCallRow.started_at < until)
            rows = await session.execute(query.order_by(StaffCallRow.started_at, StaffCallRow.id))
            return [_staff_call(row, extension) for row, extension in rows]

    # -- vouchers ---------------------------------------------------------------------
    async def open_voucher(self, draft: VoucherDraft, now: datetime) -> Voucher:
        call_type = CallType(draft.call_type)
        if call_type is CallType.DIRECT:
            raise HotelError("a voucher is for an operator-assisted call (idd, p2p, collect)")
        if not draft.destination.isdigit():
            raise HotelError(f"the destination {draft.destination!r} is not a phone number")
        async with transaction(self._sessionmaker) as session:
            room = await self._room_row(session, draft.room)
            guest = await self._in_house_row(session, room)
            if guest is None:
                raise NoGuest(draft.room)
            row = VoucherRow(
                room_id=room.id,
                guest_id=guest.id,
                caller_name=draft.caller_name or guest.name,
                room_number=room.number,
                hotel_number=self.hotel.main_number,
                city_name=draft.city_name,
                city_code=draft.city_code,
                recipient_name=draft.recipient_name,
                destination=draft.destination,
                call_type=call_type.value,
                operator_name=draft.operator_name,
                operator_extension=draft.operator_extension,
                status=VoucherStatus.OPEN,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            return _voucher(row)

    async def _voucher_row(self, session: AsyncSession, voucher_id: int) -> VoucherRow:
        row = await session.get(VoucherRow, voucher_id)
        if row is None:
            raise UnknownVoucher(voucher_id)
        return row

    async def voucher(self, voucher_id: int) -> Voucher:
        async with self._sessionmaker() as session:
            return _voucher(await self._voucher_row(session, voucher_id))

    async def _advance(
        self, voucher_id: int, status: VoucherStatus, field: str, now: datetime
    ) -> Voucher:
        async with transaction(self._sessionmaker) as session:
            row = await self._voucher_row(session, voucher_id)
            if row.status == VoucherStatus.CLOSED:
                raise HotelError(f"voucher {voucher_id} is closed ({row.outcome})")
            row.status = status
            if getattr(row, field) is None:
                setattr(row, field, now)
            return _voucher(row)

    async def voucher_placed(self, voucher_id: int, now: datetime) -> Voucher:
        return await self._advance(voucher_id, VoucherStatus.PLACING, "placed_at", now)

    async def voucher_connected(self, voucher_id: int, now: datetime) -> Voucher:
        """Guest and far end bridged: the charged time starts now."""
        return await self._advance(voucher_id, VoucherStatus.CONNECTED, "connected_at", now)

    async def close_voucher(
        self, voucher_id: int, outcome: VoucherOutcome, now: datetime
    ) -> Voucher:
        """Close with the operator's outcome; a completed call is rated from the bridged
        time and posted (once: closing again returns the voucher as it was closed)."""
        async with transaction(self._sessionmaker) as session:
            row = await self._voucher_row(session, voucher_id)
            if row.status == VoucherStatus.CLOSED:
                return _voucher(row)
            connected = row.connected_at if outcome.charged else None
            seconds = int((now - connected).total_seconds()) if connected else 0
            row.status, row.outcome, row.ended_at = VoucherStatus.CLOSED, outcome, now
            row.seconds = seconds
            if not outcome.charged:
                row.charge, row.charge_note = 0, f"no charge: {outcome.value.replace('_', ' ')}"
                return _voucher(row)
            posting = await self._post(
                session,
                ChargeRequest(
                    posting_key=f"voucher-{row.id}",
                    room=row.room_number,
                    destination=row.destination,
                    call_type=row.call_type,
                    seconds=seconds,
                    call_at=connected or now,
                    guest_id=row.guest_id,
                ),
            )
            if posting is None:
                row.charge = 0
                row.charge_note = (
                    "collect call: not charged to the room"
                    if row.call_type == CallType.COLLECT
                    else "not connected"
                )
            else:
                row.charge, row.charge_note = posting.amount, posting.description
                row.posting_id = posting.id
            return _voucher(row)

    async def vouchers(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[Voucher]:
        async with self._sessionmaker() as session:
            query = select(VoucherRow)
            if since is not None:
                query = query.where(VoucherRow.created_at >= since)
            if until is not None:
                query = query.where(VoucherRow.created_at < until)
            rows = await session.scalars(query.order_by(VoucherRow.id))
            return [_voucher(row) for row in rows]

    # -- wake-up calls ----------------------------------------------------------------
    async def _wakeup(self, session: AsyncSession, row: WakeUpRow) -> WakeUp:
        room = await session.get(RoomRow, row.room_id)
        assert room is not None
        guest = await self._in_house_row(session, room)
        language = Language(guest.language) if guest else Language(self.hotel.default_language)
        return WakeUp(
            id=row.id,
            room_number=room.number,
            extension=room.extension,
            guest_id=row.guest_id,
            language=language,
            time_of_day=row.time_of_day,
            daily=row.daily,
            state=row.state,
            due_at=row.due_at,
            attempts=row.attempts,
        )

    async def set_wakeup(
        self, room: str, hhmm: str, daily: bool, now: datetime, set_by: str = "phone"
    ) -> WakeUp:
        at = parse_hhmm(hhmm)
        async with transaction(self._sessionmaker) as session:
            room_row = await self._room_row(session, room)
            guest = await self._in_house_row(session, room_row)
            if guest is None:
                raise NoGuest(room)
            row = WakeUpRow(
                room_id=room_row.id,
                guest_id=guest.id,
                time_of_day=hhmm,
                daily=daily,
                state=WakeUpState.SCHEDULED,
                due_at=next_due(at, now, self.zone),
                attempts=0,
                set_by=set_by,
            )
            session.add(row)
            await session.flush()
            return await self._wakeup(session, row)

    async def cancel_wakeups(self, room: str) -> int:
        async with transaction(self._sessionmaker) as session:
            room_row = await self._room_row(session, room)
            result = await session.execute(
                update(WakeUpRow)
                .where(WakeUpRow.room_id == room_row.id, WakeUpRow.state == WakeUpState.SCHEDULED)
                .values(state=WakeUpState.CANCELLED)
            )
            return int(getattr(result, "rowcount", 0))

    async def wakeups(self, room: str | None = None) -> list[WakeUp]:
        async with self._sessionmaker() as session:
            query = select(WakeUpRow)
            if room is not None:
                query = query.where(WakeUpRow.room_id == (await self._room_row(session, room)).id)
            rows = list(await session.scalars(query.order_by(WakeUpRow.due_at, WakeUpRow.id)))
            return [await self._wakeup(session, row) for row in rows]

    async def claim_due_wakeups(self, now: datetime, lease: timedelta) -> list[WakeUp]:
        """Due wake-ups, each claimed for `lease` with a compare-and-set (two controllers
        never both ring one); one left ringing by a controller that died is due again once
        its lease runs out, so a restart places every call that was due."""
        async with self._sessionmaker() as session:
            rows = list(
                await session.execute(
                    select(WakeUpRow.id, WakeUpRow.state, WakeUpRow.lease_until).where(
                        or_(
                            (WakeUpRow.state == WakeUpState.SCHEDULED) & (WakeUpRow.due_at <= now),
                            (WakeUpRow.state == WakeUpState.RINGING)
                            & (WakeUpRow.lease_until <= now),
                        )
                    )
                )
            )
        claimed: list[WakeUp] = []
        for wakeup_id, state, lease_until in rows:
            async with transaction(self._sessionmaker) as session:
                condition = (WakeUpRow.id == wakeup_id) & (WakeUpRow.state == state)
                if lease_until is not None:
                    condition = condition & (WakeUpRow.lease_until == lease_until)
                result = await session.execute(
                    update(WakeUpRow)
                    .where(condition)
                    .values(state=WakeUpState.RINGING, lease_until=now + lease)
                )
                if getattr(result, "rowcount", 0) != 1:
                    continue
                row = await session.get(WakeUpRow, wakeup_id)
                assert row is not None
                claimed.append(await self._wakeup(session, row))
        return claimed

    async def wakeup_attempted(
        self, wakeup_id: int, outcome: Attempt, now: datetime
    ) -> WakeUpUpdate:
        async with transaction(self._sessionmaker) as session:
            row = await session.get(WakeUpRow, wakeup_id)
            if row is None:
                raise HotelError(f"there is no wake-up call {wakeup_id}")
            if row.state == WakeUpState.CANCELLED:
                # Checked out (or cancelled) while it rang: it stays cancelled.
                return WakeUpUpdate(WakeUpState.CANCELLED, row.due_at, row.attempts, False)
            change = after_attempt(
                at=parse_hhmm(row.time_of_day),
                daily=row.daily,
                due_at=row.due_at,
                attempts=row.attempts,
                outcome=outcome,
                now=now,
                zone=self.zone,
                policy=self.policy,
            )
            row.state, row.due_at, row.attempts = change.state, change.due_at, change.attempts
            row.lease_until = None
            return change

    # -- the PMS queue ----------------------------------------------------------------
    async def receive_pms(self, kind: str, body: str, now: datetime) -> int:
        """Store an inbound record before anything acts on it."""
        async with transaction(self._sessionmaker) as session:
            row = PmsMessageRow(
                direction="in",
                kind=kind,
                body=body,
                status="pending",
                attempts=0,
                next_attempt_at=now,
            )
            session.add(row)
            await session.flush()
            return row.id

    async def inbound_pending(self) -> list[PmsMessage]:
        return await self._messages("in", "pending")

    async def outbound_due(self, now: datetime) -> list[PmsMessage]:
        async with self._sessionmaker() as session:
            rows = await session.scalars(
                select(PmsMessageRow)
                .where(
                    PmsMessageRow.direction == "out",
                    PmsMessageRow.status == "pending",
                    PmsMessageRow.next_attempt_at <= now,
                )
                .order_by(PmsMessageRow.id)
            )
            return [_message(row) for row in rows]

    async def _messages(self, direction: str | None, status: str | None) -> list[PmsMessage]:
        async with self._sessionmaker() as session:
            query = select(PmsMessageRow)
            if direction is not None:
                query = query.where(PmsMessageRow.direction == direction)
            if status is not None:
                query = query.where(PmsMessageRow.status == status)
            rows = await session.scalars(query.order_by(PmsMessageRow.id))
            return [_message(row) for row in rows]

    async def pms_messages(
        self, direction: str | None = None, status: str | None = None
    ) -> list[PmsMessage]:
        return await self._messages(direction, status)

    async def message_sent(self, message_id: int, retry_at: datetime | None) -> None:
        """Written to the link: done, or (a posting) due again at `retry_at` unless its
        answer arrives first."""
        values: dict[str, object] = {"attempts": PmsMessageRow.attempts + 1}
        if retry_at is None:
            values.update(status="done", done_at=utc_now())
        else:
            values.update(next_attempt_at=retry_at)
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(PmsMessageRow).where(PmsMessageRow.id == message_id).values(**values)
            )

    async def message_done(self, message_id: int, now: datetime, error: str | None = None) -> None:
        """An inbound record applied (or refused, with why: shown to the operator)."""
        async with transaction(self._sessionmaker) as session:
            await session.execute(
                update(PmsMessageRow)
                .where(PmsMessageRow.id == message_id)
                .values(
                    status="failed" if error else "done",
                    last_error=error[:500] if error else None,
                    done_at=now,
                    attempts=PmsMessageRow.attempts + 1,
                )
            )

    async def resend_unanswered(self, now: datetime) -> int:
        """After a reconnect every posting still waiting for its answer is due at once."""
        async with transaction(self._sessionmaker) as session:
            result = await session.execute(
                update(PmsMessageRow)
                .where(
                    PmsMessageRow.direction == "out",
                    PmsMessageRow.status == "pending",
                    PmsMessageRow.next_attempt_at > now,
                )
                .values(next_attempt_at=now)
            )
            return int(getattr(result, "rowcount", 0))

    async def counts(self) -> dict[str, int]:
        async with self._sessionmaker() as session:
            rows = await session.execute(
                select(FolioPostingRow.status, func.count()).group_by(FolioPostingRow.status)
            )
            return {status: int(n) for status, n in rows}
