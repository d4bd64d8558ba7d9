"""The staff console on a free loopback port, in a thread of its own, over a real migrated
SQLite database: what the browser tests sign in to. The controller serves the very same
application (app/console/web/app.py); only Asterisk is left out."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Coroutine, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.console.contract import ConsolePages
from app.console.events import LiveEvents
from app.console.server import ConsoleServer
from app.console.settings import ConsoleSettings
from app.console.staff import StaffAccounts
from app.console.web.app import console_app
from app.db.engine import make_engine, make_sessionmaker
from app.db.migrate import upgrade
from tests.harness.pbx import free_port

T = TypeVar("T")
PagesOver = Callable[["async_sessionmaker[AsyncSession]"], Sequence[ConsolePages]]


class ConsoleUnderTest:
    def __init__(
        self,
        database: Path,
        pages: Sequence[ConsolePages] | PagesOver,
        settings: ConsoleSettings | None = None,
        *,
        url: str | None = None,
    ) -> None:
        """`pages`: the contributions, or a function building them over the database (a
        system's pages need its repository)."""
        self.database = database
        # `url`: another database (PostgreSQL behind a proxy); `database` is then unused.
        self.url_of_db = url or f"sqlite+aiosqlite:///{database}"
        self.pages = pages
        self.settings = replace(settings or ConsoleSettings(), port=free_port())
        self.events = LiveEvents()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: ConsoleServer | None = None
        self._engine: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout)

    async def _start(self) -> None:
        await upgrade(self.url_of_db)
        self._engine = make_engine(self.url_of_db)
        sessionmaker = make_sessionmaker(self._engine)
        self.sessionmaker = sessionmaker
        self.accounts = StaffAccounts(sessionmaker)
        pages = self.pages(sessionmaker) if callable(self.pages) else self.pages
        app = console_app(
            self.settings, sessionmaker, self.events, pages, lambda: datetime.now(UTC)
        )
        self._server = ConsoleServer(app, self.events, "127.0.0.1", self.settings.port)
        await self._server.start()

    async def _stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
        if self._engine is not None:
            await self._engine.dispose()

    def start(self) -> ConsoleUnderTest:
        self._thread.start()
        self.run(self._start(), timeout=90)
        return self

    def stop(self) -> None:
        self.run(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def add_staff(
        self, username: str, password: str, role: str, name: str = "", extension: str = ""
    ) -> None:
        self.run(
            self.accounts.add(
                username, password, role=role, display_name=name or None, extension=extension
            )
        )

    def publish(self, topic: str, payload: Mapping[str, object]) -> None:
        """As a flow would: `platform.console_events(topic, payload)` on the server's loop."""
        self._loop.call_soon_threadsafe(self.events.publish, topic, dict(payload))

    def streams_of(self, session_id: int) -> int:
        """Open event streams of one sign-in session."""
        return self.run(self._streams_of(session_id))

    async def _streams_of(self, session_id: int) -> int:
        return self.events.streams_of(session_id)

    def latest_session(self, username: str) -> int:
        return int(
            self.query(
                "SELECT staff_session.id FROM staff_session JOIN staff "
                "ON staff.id = staff_session.staff_id WHERE username = ? "
                "ORDER BY staff_session.id DESC LIMIT 1",
                (username,),
            )[0][0]
        )

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with sqlite3.connect(self.database, timeout=10) as connection:
            connection.row_factory = sqlite3.Row
            return list(connection.execute(sql, params))

    def audit(self, action: str) -> list[sqlite3.Row]:
        return self.query(
            "SELECT actor, action, detail, client_address, staff_id FROM staff_audit "
            "WHERE action = ? ORDER BY id",
            (action,),
        )
