"""Finding guests and rooms (partial names, pinyin, Latin letters, room numbers), and
checking guests in and out from the console."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from app.console.pages import audit, redirect, render
from app.systems.hotel.console.desk import HotelDesk, problem_page
from app.systems.hotel.console.views import room_view, sentence
from app.systems.hotel.records import CheckIn
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.stay import ClassOfService, Language

MAX_QUERY = 60


class GuestPages(HotelDesk):
    async def search(self, request: web.Request) -> web.StreamResponse:
        query = request.query.get("q", "").strip()[:MAX_QUERY]
        rooms = await self.store.rooms()
        if query:
            by_number = {room.number: room for room, _ in rooms}
            found = await self.store.find_guests(query)
            shown = [room_view(by_number[g.room_number], g) for g in found]
            # A room number with nobody in it is still worth showing (vacant, its phone).
            if not shown and query in by_number:
                shown = [room_view(by_number[query], None)]
        else:
            shown = [room_view(room, guest) for room, guest in rooms]
        return render(
            request,
            "hotel/search.html",
            {"query": query, "rooms": shown, "message": request.query.get("done", "")},
            title="Guests and rooms",
        )

    async def check_in_form(self, request: web.Request) -> web.StreamResponse:
        return await self._form(request, {"room": request.query.get("room", "")})

    async def _form(
        self, request: web.Request, values: dict[str, str], error: str = "", status: int = 200
    ) -> web.Response:
        return render(
            request,
            "hotel/checkin.html",
            {
                "vacant": await self.vacant_rooms(),
                "values": values,
                "error": error,
                "classes": [c.label for c in ClassOfService],
            },
            status=status,
            title="Check in",
        )

    async def check_in(self, request: web.Request) -> web.StreamResponse:
        form = {key: str(value).strip() for key, value in (await request.post()).items()}
        try:
            stay = CheckIn(
                room=form.get("room", ""),
                name=_required(form.get("name", ""), "the guest's name"),
                language=Language(form.get("language", "zh")),
                latin_name=form.get("latin_name", ""),
                privacy=form.get("privacy") == "on",
                class_of_service=ClassOfService.named(form.get("class_of_service", "")),
                departure=date.fromisoformat(form["departure"]) if form.get("departure") else None,
                source="console",
            )
            guest = await self.store.check_in(stay, self.clock())
        except (HotelError, ValueError) as error:
            return await self._form(request, form, error=sentence(error), status=400)
        await audit(request, "hotel_check_in", {"room": guest.room_number, "guest": guest.name})
        return redirect(f"/hotel/?done=Checked+in+{guest.room_number}")

    async def check_out(self, request: web.Request) -> web.StreamResponse:
        room = request.match_info["room"]
        try:
            done = await self.store.check_out(room, self.clock(), source="console")
        except HotelError as error:
            return problem_page(request, sentence(error), status=409, title="Check out")
        await audit(request, "hotel_check_out", {"room": room, "guest": done.guest.name})
        return redirect(f"/hotel/?done=Checked+out+{room}")


def _required(value: str, what: str) -> str:
    if not value:
        raise ValueError(f"{what} is missing")
    return value
