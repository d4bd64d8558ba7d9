"""One AMI action on a short connection, against a small AMI server on loopback: the
login, the action's fields, and a clear AmiError for each way it can fail."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.config import Ports, Settings
from app.telephony.ami.actions import AmiError, ami_action
from tests.harness.pbx import free_port


class AmiServer:
    """Answers Login with `login`, every other action with `answer`; keeps what it got."""

    def __init__(self, login: str = "Success", answer: str = "Success") -> None:
        self.login = login
        self.answer = answer
        self.received: list[dict[str, str]] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/9.0.0\r\n")
        while True:
            fields: dict[str, str] = {}
            while (line := (await reader.readline()).decode().rstrip("\r\n")) != "":
                key, _, value = line.partition(": ")
                fields[key] = value
            if not fields:
                break
            self.received.append(fields)
            action = fields["Action"]
            if action == "Logoff":
                writer.write(b"Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n\r\n")
                break
            response = self.login if action == "Login" else self.answer
            # An event slipped in before the response must not be taken for it.
            writer.write(b"Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n")
            writer.write(
                f"Response: {response}\r\nMessage: {action} said {response}\r\n\r\n".encode()
            )
        writer.close()


@pytest.fixture
async def server() -> AsyncIterator[tuple[AmiServer, Settings]]:
    ami = AmiServer()
    port = free_port()
    listening = await asyncio.start_server(ami.handle, "127.0.0.1", port)
    settings = Settings(
        runtime_dir=Path("/nonexistent"),
        database_url="sqlite://",
        ports=Ports(ami=port),
        secrets={"ami_secret": "s3cret"},
    )
    yield ami, settings
    listening.close()
    await listening.wait_closed()


async def test_an_action_is_sent_after_the_login(server: tuple[AmiServer, Settings]) -> None:
    ami, settings = server
    response = await ami_action(settings, {"Action": "Reload", "Module": "res_pjsip.so"})
    assert response["Message"] == "Reload said Success"
    assert [fields["Action"] for fields in ami.received] == ["Login", "Reload", "Logoff"]
    assert ami.received[0]["Secret"] == "s3cret" and ami.received[0]["Events"] == "off"
    assert ami.received[1]["Module"] == "res_pjsip.so"


async def test_a_refused_login_or_action_is_an_error(server: tuple[AmiServer, Settings]) -> None:
    ami, settings = server
    ami.login = "Error"
    with pytest.raises(AmiError, match="Login"):
        await ami_action(settings, {"Action": "Reload"})
    ami.login, ami.answer = "Success", "Error"
    with pytest.raises(AmiError, match="Reload said Error"):
        await ami_action(settings, {"Action": "Reload"})


async def test_nobody_listening_or_no_secret_is_an_error() -> None:
    settings = Settings(
        runtime_dir=Path("/nonexistent"),
        database_url="sqlite://",
        ports=Ports(ami=free_port()),
        secrets={"ami_secret": "x"},
    )
    with pytest.raises(AmiError, match="unreachable"):
        await ami_action(settings, {"Action": "Reload"})
    settings.secrets.clear()
    with pytest.raises(AmiError, match="no AMI secret"):
        await ami_action(settings, {"Action": "Reload"})


async def test_a_line_break_never_reaches_the_manager(server: tuple[AmiServer, Settings]) -> None:
    ami, settings = server
    with pytest.raises(AmiError, match="line break"):
        await ami_action(settings, {"Action": "VoicemailRefresh", "Mailbox": "201\r\nAction: x"})
    assert [fields["Action"] for fields in ami.received] == ["Login"]
