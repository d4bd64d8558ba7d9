"""A property-management system on loopback that speaks the FIAS-style link (the PMS end:
it listens, the PBX connects), for the PMS link tests.

It answers LS and LA with LA, books each PS once by its posting number (P#) and answers
PA OK, or NG for rooms it is told to refuse; a PS whose P# it booked before is answered
again and counted as a resend, never booked twice, as a PMS's duplicate check does. It can
be told to drop the connection after the next PS before answering (booked or not), to stay
silent, and to send the PBX guest and room records. It runs on a thread of its own, so a
test may block (a controller in another process) while it serves.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from app.systems.hotel.rules import fias


@dataclass
class Booked:
    number: int
    room: str
    amount: int
    dialled: str
    record: fias.Record


@dataclass
class PmsSimulator:
    port: int = 0
    booked: dict[int, Booked] = field(default_factory=dict)
    received: list[fias.Record] = field(default_factory=list)
    resends: int = 0
    connections: int = 0
    refuse_rooms: set[str] = field(default_factory=set)
    # Drop the link at the next PS this many times: before booking it / after booking it.
    drop_before_booking: int = 0
    drop_after_booking: int = 0
    silent: bool = False
    # Book postings but answer none (the PBX dies waiting, say).
    hold_answers: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self._writers: list[asyncio.StreamWriter] = []

    # -- life ------------------------------------------------------------------------
    def start(self) -> PmsSimulator:
        self._thread.start()
        self._call(self._start_server())
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._call(self._stop_server())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _call(self, coro: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _start_server(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop_server(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    # -- what a test does ---------------------------------------------------------------
    def send(self, record: fias.Record) -> None:
        """To the PBX on the link that is up."""

        async def write() -> None:
            if not self._writers:
                raise AssertionError("no PBX is connected to the PMS simulator")
            writer = self._writers[-1]
            writer.write(fias.encode(record))
            await writer.drain()

        self._call(write())

    def drop(self) -> None:
        """Cut the link now (the PBX must reconnect)."""

        async def close() -> None:
            for writer in list(self._writers):
                writer.close()

        self._call(close())

    @property
    def linked(self) -> bool:
        return bool(self._writers)

    def kinds(self) -> list[str]:
        with self._lock:
            return [record.kind for record in self.received]

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"PMS simulator: {what} not within {timeout:.0f} s (received {self.kinds()})"
                )
            time.sleep(0.05)

    # -- the PMS's side of the link -----------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        frames = fias.FrameReader()
        try:
            while not writer.is_closing():
                data = await reader.read(4096)
                if not data:
                    break
                for record in frames.feed(data):
                    with self._lock:
                        self.received.append(record)
                    if not await self._answer(record, writer):
                        writer.close()
                        return
        except (ConnectionError, OSError):
            pass
        finally:
            if writer in self._writers:
                self._writers.remove(writer)
            writer.close()

    async def _answer(self, record: fias.Record, writer: asyncio.StreamWriter) -> bool:
        """Answer one record; False drops the link."""
        if record.kind in ("LS", "LA"):
            if not self.silent:
                writer.write(fias.encode(fias.Record("LA", {})))
        elif record.kind == "PS":
            return self._posting(record, writer)
        await writer.drain()
        return True

    def _posting(self, record: fias.Record, writer: asyncio.StreamWriter) -> bool:
        number, room = int(record.require("P#")), record.get("RN")
        if self.drop_before_booking:
            self.drop_before_booking -= 1
            return False
        with self._lock:
            if number in self.booked:
                self.resends += 1
            elif room not in self.refuse_rooms:
                self.booked[number] = Booked(
                    number, room, int(record.get("TA", "0")), record.get("DD"), record
                )
        if self.drop_after_booking:
            self.drop_after_booking -= 1
            return False
        if self.hold_answers:
            return True
        if room in self.refuse_rooms:
            answer = fias.answer(number, room, "NG", "no posting allowed for this room")
        else:
            answer = fias.answer(number, room, "OK")
        writer.write(fias.encode(answer))
        return True


@contextmanager
def pms_simulator() -> Iterator[PmsSimulator]:
    """A simulator listening on a free loopback port for the block."""
    simulator = PmsSimulator().start()
    try:
        yield simulator
    finally:
        simulator.stop()
