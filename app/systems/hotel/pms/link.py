"""The FIAS-style TCP link to the PMS (a client: the PMS listens).

On connect the PBX sends LS and the link is up once the PMS answers LS or LA. Both sides
send LA when idle; nothing heard for three keep-alive periods drops the link. Postings go
out as PS records, in the order they were made, from the database queue; each stays
queued until its PA arrives, and is sent again with the same P# (its posting's ID) after
a reconnect or when no answer came in time, so the PMS can tell a resend from a new
charge. Records from the PMS are stored before they are applied. A dropped link is
retried with backoff (1 s doubling to 60 s) for as long as the controller runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from app.sms.sender import Backoff
from app.systems.hotel.pms.inbound import apply_record
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.rules import fias
from app.systems.hotel.rules.errors import HotelError
from app.systems.hotel.settings import HotelSettings

log = logging.getLogger(__name__)
LINK_BACKOFF = Backoff(first=1.0, factor=2.0, most=60.0)


class LinkDown(Exception):
    """The peer went quiet, said LE, or never said hello."""


class FiasLink:
    def __init__(
        self,
        repo: HotelRepository,
        hotel: HotelSettings,
        clock: Callable[[], datetime],
        *,
        backoff: Backoff = LINK_BACKOFF,
        poll_seconds: float = 0.5,
    ) -> None:
        self.repo = repo
        self.hotel = hotel
        self.clock = clock
        self.backoff = backoff
        self.poll_seconds = poll_seconds
        self.up = asyncio.Event()
        self.connections = 0
        self._wake = asyncio.Event()
        self._heard = 0.0  # loop time the PMS was last heard
        self._said = 0.0  # loop time of our last LA

    def wake(self) -> None:
        """Something new is queued: send it now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        await self._apply_stored()
        failures = 0
        while True:
            try:
                reader, writer = await asyncio.open_connection(
                    self.hotel.fias_host, self.hotel.fias_port
                )
            except OSError as error:
                failures += 1
                delay = self.backoff.after(failures).total_seconds()
                log.warning(
                    "PMS link: cannot connect to %s:%d (%s); again in %.1f s",
                    self.hotel.fias_host,
                    self.hotel.fias_port,
                    error,
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            self.connections += 1
            problem = "the session ended"
            try:
                await self._session(reader, writer)
            except (OSError, LinkDown, asyncio.IncompleteReadError) as error:
                problem = str(error) or type(error).__name__
            except Exception as error:
                # A database hiccup must not end the link: the queue is still there.
                log.exception("PMS link failed")
                problem = type(error).__name__
            finally:
                # A link that came up starts the backoff over; one that never did adds to it.
                failures = 1 if self.up.is_set() else failures + 1
                self.up.clear()
                writer.close()
                await asyncio.gather(writer.wait_closed(), return_exceptions=True)
            delay = self.backoff.after(failures).total_seconds()
            log.warning("PMS link down (%s); reconnecting in %.1f s", problem, delay)
            await asyncio.sleep(delay)

    async def _apply_stored(self) -> None:
        """Inbound records stored by a controller that stopped before applying them."""
        for message in await self.repo.inbound_pending():
            try:
                frame = message.body.encode()
                await self._apply(message.id, fias.decode(frame))
            except fias.FiasError as error:
                await self.repo.message_done(message.id, self.clock(), str(error))

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        frames = fias.FrameReader()
        loop = asyncio.get_running_loop()
        writer.write(fias.encode(fias.link("LS", self.clock())))
        await writer.drain()
        hello = await self._read(reader, frames, timeout=10.0)
        if not any(r.kind in ("LS", "LA") for r in hello):
            raise LinkDown("the PMS did not answer LS")
        self._heard = self._said = loop.time()
        self.up.set()
        log.info("PMS link up (%s:%d)", self.hotel.fias_host, self.hotel.fias_port)
        await self.repo.resend_unanswered(self.clock())
        for record in hello:
            await self._handle(record)
        receiving = asyncio.create_task(self._receive(reader, frames))
        try:
            while not receiving.done():
                await self._send_due(writer)
                if loop.time() - self._heard > 3 * self.hotel.fias_keepalive_seconds:
                    raise LinkDown("nothing heard from the PMS")
                try:
                    async with asyncio.timeout(self.poll_seconds):
                        await self._wake.wait()
                except TimeoutError:
                    pass
                self._wake.clear()
            receiving.result()
        finally:
            receiving.cancel()
            await asyncio.gather(receiving, return_exceptions=True)

    async def _read(
        self, reader: asyncio.StreamReader, frames: fias.FrameReader, timeout: float
    ) -> list[fias.Record]:
        async with asyncio.timeout(timeout):
            while True:
                data = await reader.read(4096)
                if not data:
                    raise LinkDown("the PMS closed the connection")
                records = frames.feed(data)
                if records:
                    return records

    async def _receive(self, reader: asyncio.StreamReader, frames: fias.FrameReader) -> None:
        loop = asyncio.get_running_loop()
        while True:
            records = await self._read(reader, frames, timeout=3600.0)
            self._heard = loop.time()
            for record in records:
                await self._handle(record)

    async def _handle(self, record: fias.Record) -> None:
        if record.kind in ("LS", "LA"):
            return
        if record.kind == "LE":
            raise LinkDown("the PMS ended the link (LE)")
        if record.kind == "PA":
            try:
                answer = fias.posting_answer(record)
            except fias.FiasError as error:
                log.warning("PMS sent an unreadable posting answer: %s", error)
                return
            try:
                posting = await self.repo.answer_posting(
                    answer.number, answer.accepted, answer.status, answer.text, self.clock()
                )
            except HotelError as error:
                log.warning("PMS answered a posting we do not have: %s", error)
                return
            if posting.status == "rejected":
                log.warning(
                    "PMS refused posting %d for room %s: %s %s",
                    posting.id,
                    posting.room_number,
                    answer.status,
                    answer.text,
                )
            return
        if record.kind in ("GI", "GO", "GC", "RE"):
            message_id = await self.repo.receive_pms(
                record.kind, fias.encode(record).decode(), self.clock()
            )
            await self._apply(message_id, record)

    async def _apply(self, message_id: int, record: fias.Record) -> None:
        try:
            done = await apply_record(self.repo, record, self.clock())
        except (HotelError, fias.FiasError, ValueError) as error:
            log.warning("PMS %s not applied: %s", record.kind, error)
            await self.repo.message_done(message_id, self.clock(), str(error))
            return
        log.info("PMS %s: %s", record.kind, done)
        await self.repo.message_done(message_id, self.clock())

    async def _send_due(self, writer: asyncio.StreamWriter) -> None:
        now = self.clock()
        for message in await self.repo.outbound_due(now):
            writer.write(message.body.encode())
            await writer.drain()
            # A posting waits for its PA; a room record has no answer in FIAS.
            retry = (
                now + timedelta(seconds=self.hotel.fias_answer_seconds)
                if message.kind == "PS"
                else None
            )
            await self.repo.message_sent(message.id, retry)
        clock = asyncio.get_running_loop().time()
        if clock - self._said > self.hotel.fias_keepalive_seconds:
            writer.write(fias.encode(fias.link("LA", self.clock())))
            await writer.drain()
            self._said = clock
