"""The EVV line as a system of the platform (the contract in app/system.py).

Imports of the line, its store and its tables wait until they are needed: every
`switchboard` command imports the systems, and most use none of them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from app.config import Settings
from app.sounds.catalogue import line_languages
from app.system import DialplanInclude, Did, Platform, Running
from app.systems.evv import cli
from app.systems.evv.dids import EVV_FALLBACK_NUMBER, EVV_FLOW, EVV_NUMBER
from app.systems.evv.settings import load_evv

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from app.db.base import Base
    from app.system import SubParsers
    from app.systems.evv.repository import EvvRepository

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
    # The line's first step is to answer, so the dialplan answers for it.
    dids = (
        Did(EVV_NUMBER, EVV_FLOW, answers_first=True),
        Did(EVV_FALLBACK_NUMBER, EVV_FLOW, answers_first=True),
    )
    dialplan_includes: tuple[DialplanInclude, ...] = ()
    commands = cli.COMMANDS

    def models(self) -> Sequence[type[Base]]:
        from app.systems.evv import models

        return (
            models.AgencyRow,
            models.CaregiverRow,
            models.ClientRow,
            models.ServiceRow,
            models.TaskRow,
            models.VisitRow,
            models.VisitTaskRow,
            models.VisitExceptionRow,
        )

    def build(self, platform: Platform) -> Running:
        from app.systems.evv.flows.line import EvvLine
        from app.systems.evv.repository import EvvRepository

        settings = platform.settings
        languages = line_languages(
            settings.sounds_dir, "EVV", ["evv"], lambda: load_evv(settings.env).languages
        )
        store = EvvRepository(platform.sessionmaker)
        return Running(
            flows={EVV_FLOW: EvvLine(store, platform.clock, languages)},
            background=(lambda: flag_stale_call_ins(store, platform.clock),),
        )

    def render(self, settings: Settings) -> None:
        pass  # everything the line needs is in its DIDs

    def add_commands(self, commands: SubParsers) -> None:
        cli.add_commands(commands)

    async def run_command(self, args: argparse.Namespace, settings: Settings) -> int:
        return await cli.run(args, settings)

    async def seed_demo(self, sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
        from app.systems.evv.demo import seed_demo

        return ["the demo agency"] if await seed_demo(sessionmaker) else []


SYSTEM = EvvSystem()
