"""The PMS's HTTP API as the controller serves it (SWITCHBOARD_HOTEL_PMS=http): on
loopback, with a token generated on first start into the runtime's secrets file, and the
token kept across a restart."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.systems.hotel.pms.token import read_token
from tests.harness.fault_pbx import FaultPbx, running
from tests.harness.pbx import free_port


@pytest.fixture
def pbx(tmp_path: Path) -> Iterator[FaultPbx]:
    extra = {"SWITCHBOARD_HOTEL_PMS": "http", "SWITCHBOARD_HOTEL_PMS_API_PORT": str(free_port())}
    with running(FaultPbx.create(tmp_path / "pbx", extra_env=extra)) as instance:
        yield instance


def call(pbx: FaultPbx, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    url = f"http://127.0.0.1:{pbx.env['SWITCHBOARD_HOTEL_PMS_API_PORT']}{path}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_controller_serves_the_api_with_its_generated_token(pbx: FaultPbx) -> None:
    pbx.wait_log("hotel PMS API on http://127.0.0.1:", 1, 10)
    token = read_token(pbx.runtime / "secrets.env")
    assert token and len(token) >= 32
    assert call(pbx, "/api/rooms")[0] == 401
    assert call(pbx, "/api/rooms", token="guess")[0] == 401
    status, rooms = call(pbx, "/api/rooms", token=token)
    assert status == 200 and len(rooms) == 12
    status, guest = call(
        pbx, "/api/checkin", {"room": "106", "name": "Ann Lee", "language": "en"}, token
    )
    assert (status, guest["room"]) == (201, "106")
    [row] = pbx.query(
        "SELECT g.name, g.source FROM hotel_guest g JOIN hotel_room r ON r.id = g.room_id "
        "WHERE r.number = '106'"
    )
    assert (row["name"], row["source"]) == ("Ann Lee", "pms")

    pbx.stop_controller()
    pbx.start_controller()
    pbx.wait_log("hotel PMS API on http://127.0.0.1:", 2, 10)
    assert read_token(pbx.runtime / "secrets.env") == token
    assert call(pbx, "/api/checkout", {"room": "106"}, token)[0] == 200
