"""The AMI listener against a socket that speaks just enough AMI: login, Cdr events,
a dropped connection, and stop()."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path

import pytest

from app.cdr.record import CdrRecord
from app.config import Ports, Settings
from app.telephony.ami.listener import CdrListener
from tests.harness.cdr_samples import ANSWERED_EVENT, UNANSWERED_CSV_LINE, UNANSWERED_EVENT

SECRET = "not-the-real-secret"
EOL = "\r\n"


class FakeAsterisk:
    """An AMI server: answers Login (and Ping), and pushes events on request."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.connections = 0
        self.writers: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def close(self) -> None:
        self.drop_connections()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    def send_event(self, fields: dict[str, str]) -> None:
        body = "".join(f"{name}: {value}{EOL}" for name, value in fields.items())
        for writer in self.writers:
            writer.write((body + EOL).encode())

    def drop_connections(self) -> None:
        for writer in self.writers:
            writer.close()
        self.writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        writer.write(f"Asterisk Call Manager/9.0.0{EOL}".encode())
        try:
            while True:
                block = (await reader.readuntil((EOL + EOL).encode())).decode()
                headers = dict(line.split(": ", 1) for line in block.split(EOL) if ": " in line)
                action = headers.get("Action", "").lower()
                action_id = headers.get("ActionID", "")
                if action == "login" and headers.get("Secret") == self.secret:
                    reply = {"Response": "Success", "Message": "Authentication accepted"}
                    self.writers.append(writer)
                elif action == "login":
                    reply = {"Response": "Error", "Message": "Authentication failed"}
                else:
                    reply = {"Response": "Success", "Ping": "Pong"}
                lines = [f"{k}: {v}" for k, v in {**reply, "ActionID": action_id}.items()]
                writer.write((EOL.join(lines) + EOL + EOL).encode())
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


class MemoryStore:
    def __init__(self) -> None:
        self.records: dict[tuple[object, ...], CdrRecord] = {}

    async def add(self, record: CdrRecord) -> bool:
        if record.key in self.records:
            return False
        self.records[record.key] = record
        return True

    async def add_many(self, records: Iterable[CdrRecord]) -> int:
        return sum([await self.add(record) for record in records])

    def origins(self) -> dict[str, str]:
        return {r.unique_id: r.origin for r in self.records.values()}


async def eventually(check: Callable[[], bool]) -> None:
    """Poll: the listener's effects land in the store from tasks the test cannot await."""
    async with asyncio.timeout(5):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


@pytest.fixture
async def asterisk() -> AsyncIterator[FakeAsterisk]:
    server = FakeAsterisk(SECRET)
    yield server
    await server.close()


def settings_for(tmp_path: Path, port: int, secret: str = SECRET) -> Settings:
    return Settings(
        runtime_dir=tmp_path,
        database_url="sqlite+aiosqlite://",
        ports=Ports(ami=port),
        secrets={"ami_secret": secret},
    )


async def _with_listener(listener: CdrListener, body: Callable[[], Awaitable[None]]) -> None:
    await listener.start()
    try:
        await body()
    finally:
        await listener.stop()


async def test_backfills_then_stores_events_across_a_reconnect(
    asterisk: FakeAsterisk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = await asterisk.start()
    settings = settings_for(tmp_path, port)
    settings.cdr_csv.parent.mkdir(parents=True)
    settings.cdr_csv.write_text(UNANSWERED_CSV_LINE + "\n")
    store = MemoryStore()
    listener = CdrListener(settings, store, reconnect_seconds=1)

    async def body() -> None:
        # Back-fill ran before the connection.
        assert store.origins() == {"1741082400.7": "csv"}
        await asyncio.wait_for(listener.logged_in.wait(), 5)

        asterisk.send_event(ANSWERED_EVENT)
        await eventually(lambda: "1741079702.1" in store.origins())

        asterisk.drop_connections()
        await eventually(lambda: not listener.logged_in.is_set())
        await asyncio.wait_for(listener.logged_in.wait(), 5)
        assert asterisk.connections == 2

        # The same CDR again, as AMI would after a reconnect: still one row.
        asterisk.send_event(UNANSWERED_EVENT)
        asterisk.send_event(ANSWERED_EVENT)
        await asyncio.sleep(0.2)
        assert store.origins() == {"1741079702.1": "ami", "1741082400.7": "csv"}

    with caplog.at_level(logging.INFO, logger="app.telephony.ami.listener"):
        await _with_listener(listener, body)
    messages = [r.getMessage() for r in caplog.records]
    assert any("AMI connection lost" in m for m in messages)
    assert sum("AMI logged in" in m for m in messages) == 2


async def test_stop_ends_reconnecting(asterisk: FakeAsterisk, tmp_path: Path) -> None:
    port = await asterisk.start()
    listener = CdrListener(settings_for(tmp_path, port), MemoryStore(), reconnect_seconds=1)

    async def body() -> None:
        await asyncio.wait_for(listener.logged_in.wait(), 5)
        asterisk.drop_connections()
        await eventually(lambda: not listener.logged_in.is_set())

    await _with_listener(listener, body)
    await asyncio.sleep(1.5)
    assert asterisk.connections == 1


async def test_refused_login_is_logged(
    asterisk: FakeAsterisk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = await asterisk.start()
    listener = CdrListener(settings_for(tmp_path, port, secret="wrong"), MemoryStore())

    async def body() -> None:
        await eventually(lambda: any("refused" in r.getMessage() for r in caplog.records))

    with caplog.at_level(logging.ERROR, logger="app.telephony.ami.listener"):
        await _with_listener(listener, body)
    assert not listener.logged_in.is_set()


async def test_unreachable_asterisk_is_retried_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = FakeAsterisk(SECRET)
    port = await server.start()
    await server.close()  # nothing listens on this port any more
    listener = CdrListener(settings_for(tmp_path, port), MemoryStore(), reconnect_seconds=1)

    async def body() -> None:
        await eventually(lambda: sum("Not able to" in r.getMessage() for r in caplog.records) >= 2)

    with caplog.at_level(logging.WARNING, logger="app.telephony.ami.listener"):
        await _with_listener(listener, body)


async def test_unreadable_event_is_logged_not_stored(
    asterisk: FakeAsterisk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = await asterisk.start()
    store = MemoryStore()
    listener = CdrListener(settings_for(tmp_path, port), store)

    async def body() -> None:
        await asyncio.wait_for(listener.logged_in.wait(), 5)
        asterisk.send_event({**ANSWERED_EVENT, "StartTime": "garbage"})
        await eventually(lambda: any("unreadable" in r.getMessage() for r in caplog.records))

    with caplog.at_level(logging.ERROR, logger="app.telephony.ami.listener"):
        await _with_listener(listener, body)
    assert store.records == {}
    assert "1741079702.1" in caplog.records[-1].getMessage()


class BrokenStore(MemoryStore):
    """Down for the back-fill at start, back by the time live CDRs arrive."""

    broken = True

    async def add_many(self, records: Iterable[CdrRecord]) -> int:
        if self.broken:
            self.broken = False
            raise ConnectionError("database is down")
        return await super().add_many(records)


async def test_failed_backfill_is_logged_and_listening_goes_on(
    asterisk: FakeAsterisk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = await asterisk.start()
    settings = settings_for(tmp_path, port)
    settings.cdr_csv.parent.mkdir(parents=True)
    settings.cdr_csv.write_text(UNANSWERED_CSV_LINE + "\n")
    store = BrokenStore()
    listener = CdrListener(settings, store)

    async def body() -> None:
        await asyncio.wait_for(listener.logged_in.wait(), 5)
        asterisk.send_event(ANSWERED_EVENT)
        await eventually(lambda: "1741079702.1" in store.origins())

    with caplog.at_level(logging.ERROR, logger="app.telephony.ami.listener"):
        await _with_listener(listener, body)
    assert any("back-fill" in r.getMessage() for r in caplog.records)
