"""The system contract: how a system (the EVV line, masked calling, and next the hotel
switchboard and the call centre) plugs into the platform.

The platform never imports a system. `app.cli` and `app.runner` take the tuple
`app.systems.SYSTEMS` and hand it to the controller, the dialplan renderer, the CLI parser
and the demo seeding; `migrations/env.py` reads each system's models from it. Everything a
system needs from the platform arrives in `Platform` when it is built.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from app.config import Settings
from app.console.contract import ConsolePages, LiveEventPublisher, nobody_listening

if TYPE_CHECKING:
    # Types only: `switchboard` imports this module for every command, and a list command
    # must not pay for SQLAlchemy's ORM at import.
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from app.calls.flow import Flow
    from app.db.base import Base
    from app.pbx.phones.directory import PhoneDirectory
    from app.telephony.phones import PhoneLine

    # Generic only for type checkers; subscripting it at run time fails.
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


# Asked right before every dial with the number about to be presented: True lets it through.
CallerIdGuard = Callable[[str], Awaitable[bool]]


@dataclass(frozen=True)
class Did:
    """A number callers dial and the flow (by name, the Stasis appArgs) that takes the call."""

    number: str
    flow: str
    # The dialplan answers before handing the call over: one ARI request less per call, and
    # a caller who reaches a stopped controller hears why instead of a dead line. Only for
    # flows whose first step is to answer.
    answers_first: bool = False


@dataclass(frozen=True)
class DialplanInclude:
    """A dialplan file of the system and the context in it: written at run time from its
    own data (e.g. a number pool, a name relative to the rendered etc folder) or shipped
    with the system (an absolute path to a static file, e.g. the context its registered
    phones' calls enter, which may call the platform's phone helpers: app/pbx/phones/
    dialplan.py). `carrier`: whether calls from the trunk may reach the context; a
    phones' context must never be (an outside caller would dial as a room)."""

    file: str
    context: str
    carrier: bool = True


@dataclass(frozen=True)
class Platform:
    """What the platform hands a system when the controller builds it."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
    # Tells the SMS sender a message was written to the outbox.
    sms_waiting: Callable[[], None]
    # The registered phones: create and change them (the table, published to Asterisk)...
    phones: PhoneDirectory
    # ...and ring them from no call, see whether they are registered and in use.
    phone_line: PhoneLine
    # `console_events(topic, payload)`: a live event for the staff console's browsers whose
    # role may see the topic (declared in the system's ConsolePages). Never awaits, never
    # fails: with no console running, nobody hears it.
    console_events: LiveEventPublisher = nobody_listening


@dataclass(frozen=True)
class Running:
    """A built system: its flows by name, and what runs beside them."""

    flows: Mapping[str, Flow]
    # Awaited once at start, before calls arrive (e.g. writing a dialplan include).
    start: Callable[[], Awaitable[None]] | None = None
    # Long-running tasks, started with the controller and cancelled when it stops.
    background: Sequence[Callable[[], Coroutine[Any, Any, None]]] = ()
    # The system's say on caller IDs: a number any system's guard accepts may be presented.
    may_present: CallerIdGuard | None = None
    # Its pages in the staff console, under /<system>/ (app/console/contract.py).
    console: ConsolePages | None = None


class System(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dids(self) -> Sequence[Did]: ...

    @property
    def dialplan_includes(self) -> Sequence[DialplanInclude]: ...

    def models(self) -> Sequence[type[Base]]:
        """The system's ORM tables (on the shared base); Alembic's env reads them. A method,
        so that importing the systems does not import the ORM."""
        ...

    @property
    def commands(self) -> Sequence[str]:
        """The top-level `switchboard` commands the system adds."""
        ...

    def build(self, platform: Platform) -> Running: ...

    def render(self, settings: Settings) -> None:
        """Write what the rendered dialplan needs of the system before Asterisk starts
        (its includes, empty if need be)."""
        ...

    def add_commands(self, commands: SubParsers) -> None: ...

    async def run_command(self, args: argparse.Namespace, settings: Settings) -> int: ...

    async def seed_demo(self, sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
        """Insert the demo data into a database without any; what was seeded, for the log."""
        ...


def all_dids(systems: Sequence[System]) -> list[Did]:
    """Every system's DIDs; a number claimed twice is a wiring error, found at start."""
    seen: dict[str, str] = {}
    for system in systems:
        for did in system.dids:
            if did.number in seen:
                raise ValueError(
                    f"DID {did.number} claimed by {seen[did.number]} and {system.name}"
                )
            seen[did.number] = system.name
    return [did for system in systems for did in system.dids]
