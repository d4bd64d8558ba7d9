"""`switchboard run`: the whole PBX on this machine, from config to a ringing line."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence

from app.config import Settings
from app.controller import Controller
from app.db.engine import make_engine, make_sessionmaker
from app.db.migrate import upgrade
from app.pbx.dids import DEMO_PHONES
from app.pbx.process import Asterisk
from app.pbx.render import render_config
from app.system import System, all_dids

log = logging.getLogger(__name__)


def asterisk_for(settings: Settings) -> Asterisk:
    return Asterisk(
        binary=settings.asterisk_binary,
        config=settings.asterisk_conf,
        log_file=settings.runtime_dir / "log" / "asterisk.out",
    )


async def prepare_database(settings: Settings, systems: Sequence[System], demo: bool) -> None:
    await upgrade(settings.database_url)
    if demo:
        engine = make_engine(settings.database_url)
        try:
            sessionmaker = make_sessionmaker(engine)
            for system in systems:
                for seeded in await system.seed_demo(sessionmaker):
                    log.info("seeded %s", seeded)
        finally:
            await engine.dispose()


async def run(settings: Settings, systems: Sequence[System], *, demo: bool = True) -> None:
    render_config(settings, systems)
    asterisk = asterisk_for(settings)
    started_asterisk = False
    if asterisk.is_running():
        log.info("Asterisk already running for %s; reloading its config", settings.runtime_dir)
        asterisk.cli("core reload")
    else:
        await asterisk.start()
        started_asterisk = True
    controller: Controller | None = None
    try:
        await prepare_database(settings, systems, demo)
        controller = Controller(settings, systems)
        await controller.start()
        print_banner(settings, systems)
        await wait_for_signal()
        log.info("shutting down")
    finally:
        if controller is not None:
            await controller.stop()
        if started_asterisk:
            log.info("stopping: Asterisk")
            await asterisk.stop()


async def serve(settings: Settings, systems: Sequence[System]) -> None:
    """The controller alone, against an Asterisk someone else runs."""
    controller = Controller(settings, systems)
    await controller.start()
    try:
        await wait_for_signal()
    finally:
        await controller.stop()


async def wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def print_banner(settings: Settings, systems: Sequence[System]) -> None:
    ports = settings.ports
    lines = [
        "Switchboard is running.",
        f"  SIP (UDP)   {settings.bind_address}:{ports.sip}"
        f"   phones {', '.join(DEMO_PHONES)}, trunk 'carrier'",
        "  registered phones: `switchboard phones add EXT` prints its secret once;"
        " `switchboard phones list`",
        f"  ARI / HTTP  {settings.ari_url}/ari   user {settings.ari_user}",
        f"  AMI         {settings.bind_address}:{ports.ami}   user {settings.ami_user}",
        f"  database    {settings.database_url}",
        f"  secrets     {settings.runtime_dir / 'secrets.env'}",
        f"  event loop  {type(asyncio.get_event_loop()).__module__}",
        f"  operator CLI: {settings.asterisk_binary} -C {settings.asterisk_conf} -r",
        "  DIDs: "
        + ", ".join(
            f"{did.number} -> {did.flow}"
            for did in sorted(all_dids(systems), key=lambda did: did.number)
        ),
        "Press Ctrl-C to stop: calls in progress hear a short apology and are hung up first.",
    ]
    print("\n".join(lines), flush=True)
