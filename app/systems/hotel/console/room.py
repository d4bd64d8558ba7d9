"""One room on the console: its guest and phone, do-not-disturb set by the operator, a move
to another room, and wake-up calls set or cancelled for the guest."""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import quote

from aiohttp import web

from app.console.pages import audit, redirect, render
from app.systems.hotel.console.desk import HotelDesk, problem_page
from app.systems.hotel.console.views import local_time, room_view, sentence
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.rules.wakeup import WakeUpState

LIVE_WAKEUPS = (WakeUpState.SCHEDULED, WakeUpState.RINGING)


class RoomPages(HotelDesk):
    async def show(
        self, request: web.Request, *, error: str = "", status: int = 200
    ) -> web.StreamResponse:
        number = request.match_info["room"]
        try:
            room = await self.store.room(number)
            guest = await self.store.in_house(number)
            wakeups = await self.store.wakeups(number)
        except HotelError as problem:
            return problem_page(request, sentence(problem), status=404, title="Room")
        return render(
            request,
            "hotel/room.html",
            {
                **room_view(room, guest),
                "vacant": await self.vacant_rooms(),
                "error": error,
                "message": request.query.get("done", ""),
                "wakeups": [
                    {
                        "time": w.time_of_day[:2] + ":" + w.time_of_day[2:],
                        "daily": w.daily,
                        "state": w.state,
                        "due": local_time(w.due_at, self.zone),
                    }
                    for w in wakeups
                    if w.state in LIVE_WAKEUPS
                ],
            },
            status=status,
            title=f"Room {number}",
        )

    async def _act(
        self,
        request: web.Request,
        action: str,
        detail: dict[str, object],
        change: Awaitable[object],
        done: str,
    ) -> web.StreamResponse:
        """One change, its audit row, and back to the room (the new one after a move)."""
        number = request.match_info["room"]
        try:
            await change
        except (HotelError, ValueError) as problem:
            return await self.show(request, error=sentence(problem), status=400)
        await audit(request, action, {"room": number, **detail})
        return redirect(f"/hotel/rooms/{detail.get('to', number)}?done={quote(done)}")

    async def dnd(self, request: web.Request) -> web.StreamResponse:
        on = (await request.post()).get("dnd") == "on"
        room = request.match_info["room"]
        change = self.store.set_dnd(room, on, source="console")
        done = "Do not disturb is on" if on else "Do not disturb is off"
        return await self._act(request, "hotel_dnd", {"on": on}, change, done)

    async def move(self, request: web.Request) -> web.StreamResponse:
        to = str((await request.post()).get("to", "")).strip()[:10]
        room = request.match_info["room"]
        change = self.store.move(room, to, self.clock(), "console")
        return await self._act(request, "hotel_move", {"to": to}, change, f"Moved from {room}")

    async def set_wakeup(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        hhmm = str(form.get("time", "")).replace(":", "").strip()[:8]
        daily = form.get("daily") == "on"
        room = request.match_info["room"]
        change = self.store.set_wakeup(room, hhmm, daily, self.clock(), set_by="console")
        done = f"Wake-up set for {hhmm[:2]}:{hhmm[2:]}" + (" every day" if daily else "")
        detail: dict[str, object] = {"time": hhmm, "daily": daily}
        return await self._act(request, "hotel_wakeup_set", detail, change, done)

    async def cancel_wakeups(self, request: web.Request) -> web.StreamResponse:
        room = request.match_info["room"]
        change = self.store.cancel_wakeups(room)
        return await self._act(request, "hotel_wakeup_cancel", {}, change, "Wake-ups cancelled")
