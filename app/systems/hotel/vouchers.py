"""What the staff console calls for operator-assisted calls (seed 002's telephone voucher),
all `async` on the controller's loop:

- `create(room, destination, call_type, operator_extension, recipient_name="",
  city_name="", city_code="", caller_name="") -> Voucher`: `call_type` is `idd`,
  `person_to_person` or `collect`; caller name and room come from the room's guest.
  `NoGuest` for a room without a guest, `UnknownRoom`, `HotelError` for a bad number.
- `place(voucher_id) -> str`: ring the operator's phone; when it answers, the far end is
  dialled presenting the hotel's main number and bridged with the operator. `placing`,
  `operator_no_answer` (nothing placed: the voucher stays open to place again) or
  `operator_busy` (that operator is on another assisted call).
- `call_room_back(voucher_id) -> str`: ring the room; `answered` (guest and far end are
  bridged, the operator drops out), `busy` / `no-answer` / `failed` (the operator is back
  with the far end), or `not_connected`.
- `mark_outcome(voucher_id, outcome) -> Voucher`: `person_not_there`, `charge_refused`,
  `no_answer`, `busy` or `cancelled`: the far end is released and the voucher closed with
  no charge. A completed call closes itself when the guest's conversation ends: times,
  duration and the charge (rated by the tariff table) posted to the folio once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from app.calls.dialing import DialStatus
from app.systems.hotel.assisted import CALL_ROOM, AssistedCall, AssistedCalls
from app.systems.hotel.dids import ASSISTED_FLOW
from app.systems.hotel.records import Voucher, VoucherDraft
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.stay import VoucherOutcome
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.store import HotelStore

# Ring a registered phone from no call and run a flow on it when it answers.
RingPhone = Callable[[str, str, float, str], Awaitable[DialStatus]]


@dataclass(frozen=True)
class VoucherServices:
    store: HotelStore
    hotel: HotelSettings
    calls: AssistedCalls
    ring: RingPhone
    clock: Callable[[], datetime]

    async def create(
        self,
        room: str,
        destination: str,
        call_type: str,
        operator_extension: str,
        recipient_name: str = "",
        city_name: str = "",
        city_code: str = "",
        caller_name: str = "",
    ) -> Voucher:
        staff = await self.store.staff_by_extension(operator_extension)
        if staff is None:
            raise HotelError(f"there is no staff extension {operator_extension}")
        draft = VoucherDraft(
            room=room,
            destination=destination,
            call_type=call_type,
            operator_name=staff.name,
            operator_extension=operator_extension,
            recipient_name=recipient_name,
            city_name=city_name,
            city_code=city_code,
            caller_name=caller_name,
        )
        return await self.store.open_voucher(draft, self.clock())

    async def voucher(self, voucher_id: int) -> Voucher:
        return await self.store.voucher(voucher_id)

    async def place(self, voucher_id: int) -> str:
        voucher = await self.store.voucher(voucher_id)
        if voucher.status == "closed":
            raise HotelError(f"voucher {voucher_id} is closed ({voucher.outcome})")
        room = await self.store.room(voucher.room_number)
        extension = voucher.operator_extension
        if not self.calls.start(extension, AssistedCall(voucher, room.extension)):
            return "operator_busy"
        shown = f'"Voucher {voucher.id}" <{self.hotel.main_number}>'
        try:
            status = await self.ring(
                extension, ASSISTED_FLOW, self.hotel.operator_ring_seconds * 2, shown
            )
        except BaseException:
            self.calls.finish(extension)
            raise
        if status is not DialStatus.ANSWERED:
            self.calls.finish(extension)
            return "operator_no_answer"
        return "placing"

    async def call_room_back(self, voucher_id: int) -> str:
        call = self.calls.for_voucher(voucher_id)
        if call is None or not call.ask(CALL_ROOM):
            return "not_connected"
        return await call.room_result

    async def mark_outcome(self, voucher_id: int, outcome: str) -> Voucher:
        chosen = VoucherOutcome(outcome)
        if chosen is VoucherOutcome.COMPLETED:
            raise HotelError("a call completes when the guest's conversation ends")
        call = self.calls.for_voucher(voucher_id)
        if call is not None and call.ask(chosen.value):
            await call.closed
            return await self.store.voucher(voucher_id)
        return await self.store.close_voucher(voucher_id, chosen, self.clock())
