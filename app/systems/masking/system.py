"""Masked calling as a system of the platform (the contract in app/system.py).

Imports of the flows, the store and the tables wait until they are needed: every
`switchboard` command imports the systems, and most use none of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from app.config import Settings
from app.sounds.catalogue import line_languages
from app.system import DialplanInclude, Did, Platform, Running
from app.systems.masking import cli
from app.systems.masking.dids import (
    ACCESS_FLOW,
    CALLBACK_FLOW,
    MASKING_ACCESS_NUMBER,
    MASKING_CALLBACK_NUMBER,
    POOL_FLOW,
)
from app.systems.masking.pool import POOL_CONTEXT, POOL_FILE, ensure_pool_file, sync_pool
from app.systems.masking.rules import DestinationRules, Limits
from app.systems.masking.settings import MaskingSettings, load_masking

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from app.db.base import Base
    from app.system import SubParsers
    from app.systems.masking.flows.placing import MaskingConfig


def masking_config(masking: MaskingSettings) -> MaskingConfig:
    from app.systems.masking.flows.placing import MaskingConfig

    return MaskingConfig(
        callback_number=MASKING_CALLBACK_NUMBER,
        rules=DestinationRules(
            allowed_prefixes=masking.allowed_prefixes,
            min_digits=masking.min_digits,
            max_digits=masking.max_digits,
        ),
        limits=Limits(
            max_concurrent_calls=masking.max_concurrent_calls,
            max_calls_per_window=masking.max_calls_per_hour,
            window=timedelta(hours=1),
        ),
        ring_timeout=masking.ring_timeout,
        callback_ring_timeout=masking.callback_ring_timeout,
        callback_expiry=timedelta(hours=masking.callback_expiry_hours),
        timezone=masking.timezone,
        languages=masking.languages,
    )


class MaskingSystem:
    name = "masking"
    # The access and callback lines answer first; a call to a pool number rings the shopper
    # before it is answered, so it reaches the controller unanswered (written by pool.py).
    dids = (
        Did(MASKING_ACCESS_NUMBER, ACCESS_FLOW, answers_first=True),
        Did(MASKING_CALLBACK_NUMBER, CALLBACK_FLOW, answers_first=True),
    )
    dialplan_includes = (DialplanInclude(POOL_FILE, POOL_CONTEXT),)
    commands = ("masking",)

    def models(self) -> Sequence[type[Base]]:
        from app.systems.masking import models

        return (
            models.ShopperRow,
            models.FictitiousNumberRow,
            models.PairingRow,
            models.PendingCallbackRow,
            models.MaskedCallRow,
        )

    def build(self, platform: Platform) -> Running:
        from app.systems.masking.flows.lines import MaskingLines
        from app.systems.masking.repository import MaskingRepository

        settings = platform.settings
        line_languages(
            settings.sounds_dir,
            "masking",
            ["masking"],
            lambda: load_masking(settings.env).languages,
        )
        config = masking_config(load_masking(settings.env))
        store = MaskingRepository(platform.sessionmaker)
        lines = MaskingLines(
            store,
            config,
            platform.clock,
            platform.sms_waiting,
        )

        async def write_pool() -> None:
            # The fictitious numbers must reach the inbound flow before calls arrive.
            await sync_pool(settings, await store.pool(), force=True)

        async def may_present(number: str) -> bool:
            """Only the callback number and numbers in the owned pool may ever be presented."""
            return number == MASKING_CALLBACK_NUMBER or await store.is_owned(number)

        return Running(
            flows={
                ACCESS_FLOW: lines.access,
                CALLBACK_FLOW: lines.callback,
                POOL_FLOW: lines.inbound,
            },
            start=write_pool,
            may_present=may_present,
        )

    def render(self, settings: Settings) -> None:
        ensure_pool_file(settings)

    def add_commands(self, commands: SubParsers) -> None:
        cli.add_parser(commands)

    async def run_command(self, args: argparse.Namespace, settings: Settings) -> int:
        return await cli.run(args, settings)

    async def seed_demo(self, sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
        from app.systems.masking.demo import seed_masking_demo

        seeded = await seed_masking_demo(sessionmaker)
        return ["the masked-calling demo (pool, shoppers, pairings)"] if seeded else []


SYSTEM = MaskingSystem()
