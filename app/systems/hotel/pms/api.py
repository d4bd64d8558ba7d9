"""The PMS's HTTP JSON API: check-in, check-out and room move in, folio postings out.

Every request carries `Authorization: Bearer <hotel_pms_token>` (from var/secrets.env);
anything else is 401. A request's effect is committed before its answer, so a PMS that
saw no answer may send it again: a check-in of the same reservation to the same room
returns the stay it made, and a posting answered twice keeps its first answer.

    POST /api/checkin   {"room", "name", "language": "zh"|"en", "latin_name"?, "privacy"?,
                         "class_of_service"?, "departure"? (YYYY-MM-DD), "reservation"?}
    POST /api/checkout  {"room", "reservation"?}
    POST /api/move      {"room", "to_room"}
    GET  /api/rooms
    POST /api/rooms/{room}  {"dnd"?, "class_of_service"?, "message_lamp"?}  (FIAS's RE)
    GET  /api/postings?status=pending
    POST /api/postings/{id}/answer  {"accepted": true|false, "text"?}

Errors are JSON `{"error": "..."}`: 400 bad input, 404 unknown room or posting, 409 a room
occupied or without a guest.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from aiohttp import web

from app.systems.hotel.records import CheckIn, Posting
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules.errors import HotelError, NoGuest, RoomOccupied, UnknownRoom
from app.systems.hotel.rules.stay import ClassOfService, Guest, Language

log = logging.getLogger(__name__)
REPO = web.AppKey("repo", HotelRepository)
TOKEN = web.AppKey("token", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class BadRequest(Exception):
    pass


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Authentication first, then every refusal as one JSON line."""
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {request.app[TOKEN]}"
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return _error(401, "missing or wrong bearer token")
    try:
        return await handler(request)
    except BadRequest as error:
        return _error(400, str(error))
    except UnknownRoom as error:
        return _error(404, str(error))
    except (RoomOccupied, NoGuest) as error:
        return _error(409, str(error))
    except HotelError as error:
        status = 404 if str(error).startswith("there is no") else 409
        return _error(status, str(error))


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise BadRequest("the body is not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body is not a JSON object")
    return body


def _text(body: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadRequest(f"{name!r} is required (a string)")
    return value.strip()


def _guest(guest: Guest) -> dict[str, Any]:
    return {
        "room": guest.room_number,
        "name": guest.name,
        "latin_name": guest.latin_name,
        "language": guest.language.value,
        "privacy": guest.privacy,
        "reservation": guest.reservation,
        "checked_in_at": guest.checked_in_at.isoformat(),
        "checked_out_at": guest.checked_out_at.isoformat() if guest.checked_out_at else None,
    }


def _posting(p: Posting) -> dict[str, Any]:
    return {
        "id": p.id,
        "posting_key": p.posting_key,
        "room": p.room_number,
        "reservation": p.reservation,
        "guest": p.guest_name,
        "amount": p.amount,
        "currency": p.currency,
        "description": p.description,
        "destination": p.destination,
        "call_type": p.call_type,
        "seconds": p.seconds,
        "call_at": p.call_at.isoformat(),
        "status": p.status,
        "pms_status": p.pms_status,
    }


def _now() -> datetime:
    return datetime.now(UTC)


async def checkin(request: web.Request) -> web.Response:
    body = await _body(request)
    try:
        language = Language(_text(body, "language"))
        cos = ClassOfService.named(str(body.get("class_of_service", "international")))
        departure = date.fromisoformat(body["departure"]) if body.get("departure") else None
    except (ValueError, TypeError) as error:
        raise BadRequest(str(error)) from None
    privacy = body.get("privacy", False)
    if not isinstance(privacy, bool):
        raise BadRequest("'privacy' is true or false")
    guest = await request.app[REPO].check_in(
        CheckIn(
            room=_text(body, "room"),
            name=_text(body, "name"),
            language=language,
            latin_name=_text(body, "latin_name", required=False),
            privacy=privacy,
            class_of_service=cos,
            departure=departure,
            reservation=_text(body, "reservation", required=False) or None,
            source="pms",
        ),
        _now(),
    )
    return web.json_response(_guest(guest), status=201)


async def checkout(request: web.Request) -> web.Response:
    body = await _body(request)
    repo = request.app[REPO]
    room = _text(body, "room")
    reservation = _text(body, "reservation", required=False)
    current = await repo.in_house(room)
    if current is not None and reservation and current.reservation not in (None, reservation):
        raise RoomOccupied(room, f"reservation {current.reservation}, not {reservation}")
    done = await repo.check_out(room, _now(), source="pms")
    return web.json_response({**_guest(done.guest), "wakeups_cancelled": done.wakeups_cancelled})


async def move(request: web.Request) -> web.Response:
    body = await _body(request)
    guest = await request.app[REPO].move(
        _text(body, "room"), _text(body, "to_room"), _now(), source="pms"
    )
    return web.json_response(_guest(guest))


async def rooms(request: web.Request) -> web.Response:
    listed = await request.app[REPO].rooms()
    return web.json_response(
        [
            {
                "room": room.number,
                "extension": room.extension,
                "dnd": room.dnd,
                "class_of_service": room.class_of_service.label,
                "message_lamp": room.message_lamp,
                "guest": _guest(guest) if guest else None,
            }
            for room, guest in listed
        ]
    )


async def room_equipment(request: web.Request) -> web.Response:
    body = await _body(request)
    repo, number = request.app[REPO], request.match_info["room"]
    for name in ("dnd", "message_lamp"):
        if name in body and not isinstance(body[name], bool):
            raise BadRequest(f"{name!r} is true or false")
    cos = None
    if "class_of_service" in body:
        try:
            cos = ClassOfService.named(str(body["class_of_service"]))
        except ValueError as error:
            raise BadRequest(str(error)) from None
    room = await repo.room(number)
    if "dnd" in body:
        room = await repo.set_dnd(number, body["dnd"], source="pms")
    if cos is not None:
        room = await repo.set_class_of_service(number, cos, source="pms")
    if "message_lamp" in body:
        room = await repo.set_message_lamp(number, body["message_lamp"], source="pms")
    return web.json_response(
        {
            "room": room.number,
            "dnd": room.dnd,
            "class_of_service": room.class_of_service.label,
            "message_lamp": room.message_lamp,
        }
    )


async def postings(request: web.Request) -> web.Response:
    status = request.query.get("status")
    listed = await request.app[REPO].postings(status=status)
    return web.json_response([_posting(p) for p in listed])


async def answer(request: web.Request) -> web.Response:
    body = await _body(request)
    try:
        posting_id = int(request.match_info["posting_id"])
    except ValueError:
        raise BadRequest("a posting ID is a number") from None
    accepted = body.get("accepted")
    if not isinstance(accepted, bool):
        raise BadRequest("'accepted' is true or false")
    text = _text(body, "text", required=False)
    posting = await request.app[REPO].answer_posting(
        posting_id, accepted, "OK" if accepted else "NG", text, _now()
    )
    return web.json_response(_posting(posting))


def make_app(repo: HotelRepository, token: str) -> web.Application:
    app = web.Application(middlewares=[guard], client_max_size=64 * 1024)
    app[REPO] = repo
    app[TOKEN] = token
    app.router.add_post("/api/checkin", checkin)
    app.router.add_post("/api/checkout", checkout)
    app.router.add_post("/api/move", move)
    app.router.add_get("/api/rooms", rooms)
    app.router.add_post("/api/rooms/{room}", room_equipment)
    app.router.add_get("/api/postings", postings)
    app.router.add_post("/api/postings/{posting_id}/answer", answer)
    return app


async def serve_api(repo: HotelRepository, token: str, host: str, port: int) -> None:
    """Serve until cancelled (a background task of the controller)."""
    runner = web.AppRunner(make_app(repo, token), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            log.error("hotel PMS API: cannot listen on %s:%d (%s)", host, port, error)
            return
        log.info("hotel PMS API on http://%s:%d/api", host, port)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
