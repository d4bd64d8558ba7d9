"""What the calls cost: the folio postings (a posting the PMS refused stands out for the
operator) and the staff long-distance log (seed 002's 长话登记表), each as a page and a
CSV export."""

from __future__ import annotations

from aiohttp import web

from app.console.pages import audit, csv_download, render
from app.systems.hotel.console.desk import HotelDesk
from app.systems.hotel.console.views import (
    call_type_label,
    duration,
    local_time,
    major_units,
    money,
    stamp,
)
from app.systems.hotel.rules.stay import PostingStatus

POSTING_COLUMNS = (
    "posting",
    "call_at",
    "room",
    "guest",
    "reservation",
    "destination",
    "call_type",
    "seconds",
    "amount",
    "currency",
    "description",
    "status",
    "pms_status",
    "pms_text",
)
STAFF_CALL_COLUMNS = (
    "call",
    "started",
    "extension",
    "name",
    "department",
    "destination",
    "placed_by",
    "seconds",
    "cost",
    "rated",
)


class LedgerPages(HotelDesk):
    async def postings(self, request: web.Request) -> web.StreamResponse:
        postings = list(reversed(await self.store.postings()))
        rows = [
            {
                "posting": posting,
                "when": local_time(posting.call_at, self.zone),
                "call_type": call_type_label(posting.call_type),
                "duration": duration(posting.seconds),
                "amount": money(posting.amount, posting.currency),
                "refused": posting.status == PostingStatus.REJECTED,
            }
            for posting in postings
        ]
        refused = sum(1 for row in rows if row["refused"])
        return render(
            request,
            "hotel/postings.html",
            {"rows": rows, "refused": refused},
            title="Folio postings",
        )

    async def postings_csv(self, request: web.Request) -> web.StreamResponse:
        rows = [
            (
                p.id,
                local_time(p.call_at, self.zone),
                p.room_number,
                p.guest_name,
                p.reservation,
                p.destination,
                call_type_label(p.call_type),
                p.seconds,
                major_units(p.amount),
                p.currency,
                p.description,
                p.status,
                p.pms_status,
                p.pms_text,
            )
            for p in await self.store.postings()
        ]
        await audit(request, "hotel_postings_export", {})
        name = f"postings-{stamp(self.clock(), self.zone)}.csv"
        return csv_download(name, POSTING_COLUMNS, rows)

    async def staff_calls(self, request: web.Request) -> web.StreamResponse:
        calls = list(reversed(await self.store.staff_calls()))
        rows = [
            {
                "call": call,
                "when": local_time(call.started_at, self.zone),
                "duration": duration(call.seconds),
                "cost": money(call.cost, self.hotel.currency) if call.rated else "not rated",
            }
            for call in calls
        ]
        return render(request, "hotel/staff_calls.html", {"rows": rows}, title="Staff calls")

    async def staff_calls_csv(self, request: web.Request) -> web.StreamResponse:
        rows = [
            (
                c.id,
                local_time(c.started_at, self.zone),
                c.extension,
                c.name,
                c.department,
                c.destination,
                c.placed_by,
                c.seconds,
                major_units(c.cost),
                "yes" if c.rated else "no",
            )
            for c in await self.store.staff_calls()
        ]
        await audit(request, "hotel_staff_calls_export", {})
        name = f"staff-calls-{stamp(self.clock(), self.zone)}.csv"
        return csv_download(name, STAFF_CALL_COLUMNS, rows)
