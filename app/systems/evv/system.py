"""The EVV line as a system of the platform (the contract in app/system.py)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import Settings
from app.system import DialplanInclude, Did, Platform, Running
from app.systems.evv import cli
from app.systems.evv.demo import seed_demo
from app.systems.evv.dids import EVV_FALLBACK_NUMBER, EVV_FLOW, EVV_NUMBER
from app.systems.evv.flows.line import EvvLine
from app.systems.evv.models import (
    AgencyRow,
    CaregiverRow,
    ClientRow,
    ServiceRow,
    TaskRow,
    VisitExceptionRow,
    VisitRow,
    VisitTaskRow,
)
from app.systems.evv.repository import EvvRepository

if TYPE_CHECKING:
    from app.system import SubParsers

log = logging.getLogger(__name__)
STALE_SWEEP_SECONDS = 300


async def flag_stale_call_ins(store: EvvRepository, clock: Callable[[], datetime]) -> None:
    """Call-ins nobody called out of become exceptions once past the agency's limit."""
    while True:
        try:
            flagged = await store.flag_stale_call_ins(clock())
            if flagged:
                log.info("flagged %d call-in(s) never closed", flagged)
        except Exception:
            log.exception("could not flag stale call-ins; trying again later")
        await asyncio.sleep(STALE_SWEEP_SECONDS)


class EvvSystem:
    name = "evv"
    # Both answer first: the line's first step is to answer.
    dids = (
        Did(EVV_NUMBER, EVV_FLOW, answers_first=True),
        Did(EVV_FALLBACK_NUMBER, EVV_FLOW, answers_first=True),
    )
    dialplan_includes: tuple[DialplanInclude, ...] = ()
    models = (
        AgencyRow,
        CaregiverRow,
        ClientRow,
        ServiceRow,
        TaskRow,
        VisitRow,
        VisitTaskRow,
        VisitExceptionRow,
    )
    commands = cli.COMMANDS

    def build(self, platform: Platform) -> Running:
        store = EvvRepository(platform.sessionmaker)
        return Running(
            flows={EVV_FLOW: EvvLine(store, platform.clock)},
            background=(lambda: flag_stale_call_ins(store, platform.clock),),
        )

    def render(self, settings: Settings) -> None:
        pass  # everything the line needs is in its DIDs

    def add_commands(self, commands: SubParsers) -> None:
        cli.add_commands(commands)

    async def run_command(self, args: argparse.Namespace, settings: Settings) -> int:
        return await cli.run(args, settings)

    async def seed_demo(self, sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
        return ["the demo agency"] if await seed_demo(sessionmaker) else []


SYSTEM = EvvSystem()
