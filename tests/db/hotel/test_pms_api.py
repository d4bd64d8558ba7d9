"""The PMS's HTTP JSON API on SQLite and PostgreSQL: the bearer token, check-in /
check-out / move, postings out and their answers, and refusals as one JSON line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.systems.hotel.demo import seed_hotel_demo
from app.systems.hotel.pms.api import make_app
from app.systems.hotel.pms.token import TOKEN_NAME, ensure_token, read_token
from app.systems.hotel.records import ChargeRequest
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.settings import HotelSettings

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def repo(sessionmaker: async_sessionmaker[AsyncSession]) -> HotelRepository:
    assert await seed_hotel_demo(sessionmaker)
    return HotelRepository(sessionmaker, replace(HotelSettings(), pms="http"))


@pytest.fixture
async def client(repo: HotelRepository) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    async with TestClient(TestServer(make_app(repo, TOKEN))) as test_client:
        yield test_client


async def test_no_token_no_entry(client: TestClient) -> None:  # type: ignore[type-arg]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = await client.get("/api/rooms", headers=headers)
        assert response.status == 401
        assert await response.json() == {"error": "missing or wrong bearer token"}
    assert (await client.get("/api/rooms", headers=AUTH)).status == 200


async def test_check_in_move_and_out(client: TestClient, repo: HotelRepository) -> None:  # type: ignore[type-arg]
    stay = {
        "room": "106",
        "name": "周杰",
        "language": "zh",
        "reservation": "R-1",
        "privacy": True,
        "class_of_service": "local",
        "departure": "2026-12-05",
    }
    response = await client.post("/api/checkin", json=stay, headers=AUTH)
    assert response.status == 201
    body = await response.json()
    assert (body["room"], body["latin_name"], body["privacy"]) == ("106", "Zhou Jie", True)
    # Sent again (the PMS saw no answer): the same stay.
    again = await client.post("/api/checkin", json=stay, headers=AUTH)
    assert again.status == 201 and (await again.json()) == body
    moved = await client.post("/api/move", json={"room": "106", "to_room": "206"}, headers=AUTH)
    assert moved.status == 200 and (await moved.json())["room"] == "206"
    wrong = await client.post(
        "/api/checkout", json={"room": "206", "reservation": "R-2"}, headers=AUTH
    )
    assert wrong.status == 409 and "R-1" in (await wrong.json())["error"]
    out = await client.post(
        "/api/checkout", json={"room": "206", "reservation": "R-1"}, headers=AUTH
    )
    assert out.status == 200 and (await out.json())["checked_out_at"]
    assert await repo.in_house("206") is None


@pytest.mark.parametrize(
    ("path", "body", "status", "error"),
    [
        (
            "/api/checkin",
            {"room": "999", "name": "X", "language": "en"},
            404,
            "there is no room 999",
        ),
        (
            "/api/checkin",
            {"room": "101", "name": "X", "language": "en"},
            409,
            "room 101 is occupied by 张伟",
        ),
        ("/api/checkin", {"room": "106", "name": "X", "language": "fr"}, 400, "'fr'"),
        ("/api/checkin", {"room": "106", "language": "en"}, 400, "'name' is required"),
        (
            "/api/checkin",
            {"room": "106", "name": "X", "language": "en", "privacy": "yes"},
            400,
            "'privacy' is true or false",
        ),
        ("/api/checkout", {"room": "106"}, 409, "room 106 has no guest"),
        ("/api/move", {"room": "101", "to_room": "102"}, 409, "occupied"),
        ("/api/postings/42/answer", {"accepted": True}, 404, "there is no posting 42"),
        ("/api/postings/x/answer", {"accepted": True}, 400, "a posting ID is a number"),
    ],
)
async def test_refusals(
    client: TestClient,
    path: str,
    body: dict[str, object],
    status: int,
    error: str,  # type: ignore[type-arg]
) -> None:
    response = await client.post(path, json=body, headers=AUTH)
    assert response.status == status
    assert error in (await response.json())["error"]


async def test_not_json(client: TestClient) -> None:  # type: ignore[type-arg]
    response = await client.post("/api/checkin", data=b"room=101", headers=AUTH)
    assert response.status == 400 and (await response.json()) == {"error": "the body is not JSON"}


async def test_postings_go_out_and_come_back_answered(
    client: TestClient,
    repo: HotelRepository,  # type: ignore[type-arg]
) -> None:
    at = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    posting = await repo.post_charge(
        ChargeRequest("call-1", "101", "0012125551234", "direct", 125, at)
    )
    assert posting is not None and posting.status == "pending"
    listed = await (await client.get("/api/postings?status=pending", headers=AUTH)).json()
    assert [(p["id"], p["amount"], p["room"]) for p in listed] == [(posting.id, 1800, "101")]
    answer = await client.post(
        f"/api/postings/{posting.id}/answer",
        json={"accepted": False, "text": "folio closed"},
        headers=AUTH,
    )
    assert answer.status == 200 and (await answer.json())["status"] == "rejected"
    assert (await (await client.get("/api/postings?status=pending", headers=AUTH)).json()) == []
    [refused] = await repo.postings(status="rejected")
    assert refused.pms_text == "folio closed"


async def test_room_equipment(client: TestClient, repo: HotelRepository) -> None:  # type: ignore[type-arg]
    response = await client.post(
        "/api/rooms/102", json={"dnd": True, "class_of_service": "internal"}, headers=AUTH
    )
    assert await response.json() == {
        "room": "102",
        "dnd": True,
        "class_of_service": "internal",
        "message_lamp": False,
    }
    room = await repo.room("102")
    assert room.dnd and room.class_of_service.label == "internal"
    bad = await client.post("/api/rooms/102", json={"dnd": "on"}, headers=AUTH)
    assert bad.status == 400
    missing = await client.post("/api/rooms/999", json={"dnd": True}, headers=AUTH)
    assert missing.status == 404


def test_the_token_is_generated_once_beside_the_other_secrets(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.env"
    secrets.write_text("ari_password=abc")
    token = ensure_token(secrets)
    assert len(token) >= 32 and ensure_token(secrets) == token == read_token(secrets)
    assert secrets.read_text() == f"ari_password=abc\n{TOKEN_NAME}={token}\n"
    assert secrets.stat().st_mode & 0o777 == 0o600
