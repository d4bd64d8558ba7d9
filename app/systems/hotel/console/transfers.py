"""Putting the caller an operator is talking to through to a guest (seed 002's transfer
procedure): the console finds the operator's call, asks the operator services to put it
through, and shows what happened with the words the seed gives the operator to say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from app.console.pages import audit, current_staff, render
from app.systems.hotel.console.desk import HotelDesk, problem_page
from app.systems.hotel.console.views import sentence
from app.systems.hotel.operator import OperatorServices
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.settings import HotelSettings

# What each outcome means for the operator, who is (or is no longer) on the line.
OUTCOMES = {
    "answered": "Room {room} answered: the caller and the guest are talking, and you are off "
    "the line.",
    "busy": "Room {room} is busy: the caller is back with you.",
    "voicemail": "Room {room} did not answer: the caller is leaving a message in the room's "
    "voice mail, and the room's message lamp will light.",
    "refused": "The guest in room {room} takes no calls: do not put the call through.",
    "vacant": "Room {room} has no guest.",
    "caller_gone": "The caller hung up.",
    "not_connected": "You are no longer talking to that caller.",
}


class TransferPages(HotelDesk):
    def __init__(
        self,
        store: HotelRepository,
        hotel: HotelSettings,
        clock: Callable[[], datetime],
        operator: OperatorServices | None,
    ) -> None:
        super().__init__(store, hotel, clock)
        self.operator = operator

    async def put_through(self, request: web.Request) -> web.StreamResponse:
        room = request.match_info["room"]
        staff = current_staff(request)
        if self.operator is None:
            return problem_page(
                request, "Calls cannot be put through from this console.", status=503,
                title="Put through",
            )  # fmt: skip
        offer = await self.operator.talking_with(staff.extension or "")
        if offer is None:
            return problem_page(
                request,
                "You are not talking to a caller right now: answer the call on your phone "
                "first, then put it through.",
                status=409,
                title="Put through",
            )
        to_voicemail = (await request.post()).get("to") == "voicemail"
        try:
            transfer = await self.operator.transfer(offer.id, room, to_voicemail=to_voicemail)
        except HotelError as error:
            return problem_page(request, sentence(error), status=404, title="Put through")
        await audit(
            request,
            "hotel_transfer",
            {"room": room, "caller": offer.caller, "result": transfer.status},
        )
        return render(
            request,
            "hotel/transfer.html",
            {
                "room": room,
                "status": transfer.status,
                "outcome": OUTCOMES.get(transfer.status, transfer.status).format(room=room),
                "scripts": transfer.scripts,
            },
            title=f"Put through to room {room}",
        )
