"""The telephone voucher (seed 002's 电话单): the operator fills it in for an assisted call,
marks how it ended, lists and exports them, and prints one as a clean page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from app.console.pages import audit, csv_download, current_staff, redirect, render
from app.systems.hotel.console.desk import HotelDesk, problem_page
from app.systems.hotel.console.views import (
    CALL_TYPES,
    call_type_label,
    major_units,
    sentence,
    stamp,
    voucher_view,
)
from app.systems.hotel.records import Voucher, VoucherDraft
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.stay import VoucherOutcome
from app.systems.hotel.settings import HotelSettings
from app.systems.hotel.vouchers import VoucherServices

# What the operator may mark by hand; a completed call is closed by the call itself, from
# the bridged time.
MARKED_OUTCOMES = (
    VoucherOutcome.PERSON_NOT_THERE,
    VoucherOutcome.CHARGE_REFUSED,
    VoucherOutcome.NO_ANSWER,
    VoucherOutcome.BUSY,
    VoucherOutcome.CANCELLED,
)
CSV_COLUMNS = (
    "voucher",
    "created",
    "room",
    "caller",
    "hotel_number",
    "city_name",
    "city_code",
    "recipient",
    "destination",
    "call_type",
    "operator",
    "operator_extension",
    "status",
    "outcome",
    "placed",
    "connected",
    "ended",
    "seconds",
    "charge",
    "charge_note",
)
FIELDS = ("room", "caller_name", "city_name", "city_code", "recipient_name", "destination")


# What placing the call or calling the room back came to, in the operator's words.
CALL_RESULTS = {
    "placing": "Your phone answered: the call is being placed. Speak to the far end, then "
    "call the room back.",
    "operator_no_answer": "Your phone did not answer, so nothing was dialled. Place the call "
    "again when you are at your phone.",
    "operator_busy": "You are already on another assisted call.",
    "answered": "The room answered: guest and far end are talking, and you are off the line.",
    "busy": "The room is busy: you are back with the far end.",
    "no-answer": "The room did not answer: you are back with the far end.",
    "failed": "The room could not be rung: you are back with the far end.",
    "not_connected": "There is no call in progress for this voucher: place the call first.",
}


class VoucherPages(HotelDesk):
    def __init__(
        self,
        store: HotelRepository,
        hotel: HotelSettings,
        clock: Callable[[], datetime],
        calls: VoucherServices | None = None,
    ) -> None:
        super().__init__(store, hotel, clock)
        # None where no telephony runs (the console alone): the page then has no call buttons.
        self.calls = calls

    def _view(self, voucher: Voucher) -> dict[str, object]:
        return voucher_view(voucher, self.zone, self.hotel.currency)

    async def listing(self, request: web.Request) -> web.StreamResponse:
        vouchers = list(reversed(await self.store.vouchers()))
        return render(
            request,
            "hotel/vouchers.html",
            {"vouchers": [self._view(v) for v in vouchers]},
            title="Telephone vouchers",
        )

    async def new(self, request: web.Request) -> web.StreamResponse:
        room = request.query.get("room", "").strip()[:10]
        values = {"room": room, "call_type": "idd"}
        if room:
            try:
                guest = await self.store.in_house(room)
            except HotelError:
                guest = None
            if guest is not None:
                values["caller_name"] = guest.name
        return self._form(request, values)

    def _form(
        self, request: web.Request, values: dict[str, str], error: str = "", status: int = 200
    ) -> web.Response:
        staff = current_staff(request)
        return render(
            request,
            "hotel/voucher_form.html",
            {
                "values": values,
                "error": error,
                "call_types": [(kind.value, label) for kind, label in CALL_TYPES.items()],
                "hotel_number": self.hotel.main_number,
                "operator": staff.display_name,
                "operator_extension": staff.extension or "",
            },
            status=status,
            title="New telephone voucher",
        )

    async def create(self, request: web.Request) -> web.StreamResponse:
        form = {key: str(value).strip() for key, value in (await request.post()).items()}
        staff = current_staff(request)
        destination = "".join(ch for ch in form.get("destination", "") if not ch.isspace())
        try:
            if form.get("call_type") not in {kind.value for kind in CALL_TYPES}:
                raise ValueError("choose the call type: IDD, person-to-person or collect")
            if not destination:
                raise ValueError("the number to call is missing")
            voucher = await self.store.open_voucher(
                VoucherDraft(
                    room=form.get("room", ""),
                    destination=destination,
                    call_type=form["call_type"],
                    operator_name=staff.display_name,
                    operator_extension=staff.extension or "",
                    recipient_name=form.get("recipient_name", "")[:200],
                    city_name=form.get("city_name", "")[:100],
                    city_code=form.get("city_code", "")[:10],
                    caller_name=form.get("caller_name", "")[:200],
                ),
                self.clock(),
            )
        except (HotelError, ValueError) as error:
            return self._form(request, form, error=sentence(error), status=400)
        await audit(
            request,
            "hotel_voucher_open",
            {"voucher": voucher.id, "room": voucher.room_number, "destination": destination},
        )
        return redirect(f"/hotel/vouchers/{voucher.id}")

    async def _voucher_or_404(self, request: web.Request) -> Voucher | None:
        try:
            return await self.store.voucher(int(request.match_info["id"]))
        except HotelError:
            return None

    async def show(self, request: web.Request) -> web.StreamResponse:
        voucher = await self._voucher_or_404(request)
        if voucher is None:
            return _missing(request)
        return render(
            request,
            "hotel/voucher.html",
            {
                **self._view(voucher),
                "outcomes": [(o.value, o.value.replace("_", " ")) for o in MARKED_OUTCOMES],
                "can_call": self.calls is not None,
                "result": CALL_RESULTS.get(request.query.get("result", ""), ""),
            },
            title=f"Voucher {request.match_info['id']}",
        )

    async def close(self, request: web.Request) -> web.StreamResponse:
        voucher_id = int(request.match_info["id"])
        outcome_text = str((await request.post()).get("outcome", ""))
        outcome = next((o for o in MARKED_OUTCOMES if o.value == outcome_text), None)
        if outcome is None:
            return problem_page(request, "Choose how the call ended.", status=400, title="Voucher")
        try:
            if self.calls is not None:  # releases the far end if the call is still up
                voucher = await self.calls.mark_outcome(voucher_id, outcome.value)
            else:
                voucher = await self.store.close_voucher(voucher_id, outcome, self.clock())
        except HotelError as error:
            return problem_page(request, sentence(error), status=404, title="Voucher")
        await audit(
            request,
            "hotel_voucher_close",
            {"voucher": voucher_id, "outcome": voucher.outcome or "", "charge": voucher.charge},
        )
        return redirect(f"/hotel/vouchers/{voucher_id}")

    async def place(self, request: web.Request) -> web.StreamResponse:
        """Ring the operator's phone; on answer the far end is dialled (seed 002's step 3)."""
        return await self._call_step(request, "place")

    async def call_back(self, request: web.Request) -> web.StreamResponse:
        """Ring the room: on answer guest and far end talk and the operator drops out."""
        return await self._call_step(request, "call_room_back")

    async def _call_step(self, request: web.Request, step: str) -> web.StreamResponse:
        voucher = await self._voucher_or_404(request)
        if voucher is None:
            return _missing(request)
        if self.calls is None:
            return problem_page(
                request, "Calls cannot be placed from this console.", status=503, title="Voucher"
            )
        if voucher.status == "closed":
            return problem_page(
                request, f"Voucher {voucher.id} is already closed.", status=409, title="Voucher"
            )
        try:
            if step == "place":
                result = await self.calls.place(voucher.id)
            else:
                result = await self.calls.call_room_back(voucher.id)
        except HotelError as error:
            return problem_page(request, sentence(error), status=409, title="Voucher")
        await audit(request, f"hotel_voucher_{step}", {"voucher": voucher.id, "result": result})
        return redirect(f"/hotel/vouchers/{voucher.id}?result={result}")

    async def printable(self, request: web.Request) -> web.StreamResponse:
        voucher = await self._voucher_or_404(request)
        if voucher is None:
            return _missing(request)
        return render(
            request,
            "hotel/voucher_print.html",
            {**self._view(voucher), "hotel": self.hotel},
            title=f"Voucher {request.match_info['id']}",
        )

    async def export(self, request: web.Request) -> web.StreamResponse:
        rows = []
        for voucher in await self.store.vouchers():
            view = self._view(voucher)
            rows.append(
                (
                    voucher.id,
                    view["created"],
                    voucher.room_number,
                    voucher.caller_name,
                    voucher.hotel_number,
                    voucher.city_name,
                    voucher.city_code,
                    voucher.recipient_name,
                    voucher.destination,
                    call_type_label(voucher.call_type),
                    voucher.operator_name,
                    voucher.operator_extension,
                    voucher.status,
                    voucher.outcome,
                    view["placed"],
                    view["connected"],
                    view["ended"],
                    voucher.seconds,
                    major_units(voucher.charge),
                    voucher.charge_note,
                )
            )
        await audit(request, "hotel_vouchers_export", {})
        return csv_download(f"vouchers-{stamp(self.clock(), self.zone)}.csv", CSV_COLUMNS, rows)


def _missing(request: web.Request) -> web.Response:
    problem = f"There is no voucher {request.match_info['id']}."
    return problem_page(request, problem, status=404, title="Voucher")
