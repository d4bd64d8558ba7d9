"""`switchboard run`: the whole PBX on this machine, from config to a ringing line."""

from __future__ import annotations

import asyncio
import logging
import signal

from app.config import Settings
from app.controller import Controller
from app.db.engine import make_engine, make_sessionmaker
from app.db.migrate import upgrade
from app.demo import seed_demo, seed_masking_demo
from app.pbx.dids import DEFAULT_DIDS, DEMO_PHONES
from app.pbx.process import Asterisk
from app.pbx.render import render_config

log = logging.getLogger(__name__)


def asterisk_for(settings: Settings) -> Asterisk:
    return Asterisk(
        binary=settings.asterisk_binary,
        config=settings.asterisk_conf,
        log_file=settings.runtime_dir / "log" / "asterisk.out",
    )


async def prepare_database(settings: Settings, demo: bool) -> None:
    await upgrade(settings.database_url)
    if demo:
        engine = make_engine(settings.database_url)
        try:
            sessionmaker = make_sessionmaker(engine)
            if await seed_demo(sessionmaker):
                log.info("seeded the demo agency")
            if await seed_masking_demo(sessionmaker):
                log.info("seeded the masked-calling demo (pool, shoppers, pairings)")
        finally:
            await engine.dispose()


async def run(settings: Settings, *, demo: bool = True) -> None:
    render_config(settings)
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
        await prepare_database(settings, demo)
        controller = Controller(settings)
        await controller.start()
        print_banner(settings)
        await wait_for_signal()
        log.info("shutting down")
    finally:
        if controller is not None:
            await controller.stop()
        if started_asterisk:
            log.info("stopping: Asterisk")
            await asterisk.stop()


async def serve(settings: Settings) -> None:
    """The controller alone, against an Asterisk someone else runs."""
    controller = Controller(settings)
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


def print_banner(settings: Settings) -> None:
    ports = settings.ports
    lines = [
        "Switchboard is running.",
        f"  SIP (UDP)   {settings.bind_address}:{ports.sip}"
        f"   phones {', '.join(DEMO_PHONES)}, trunk 'carrier'",
        f"  ARI / HTTP  {settings.ari_url}/ari   user {settings.ari_user}",
        f"  AMI         {settings.bind_address}:{ports.ami}   user {settings.ami_user}",
        f"  database    {settings.database_url}",
        f"  secrets     {settings.runtime_dir / 'secrets.env'}",
        f"  event loop  {type(asyncio.get_event_loop()).__module__}",
        f"  operator CLI: {settings.asterisk_binary} -C {settings.asterisk_conf} -r",
        "  DIDs: " + ", ".join(f"{did} -> {flow}" for did, flow in sorted(DEFAULT_DIDS.items())),
        "Press Ctrl-C to stop: calls in progress hear a short apology and are hung up first.",
    ]
    print("\n".join(lines), flush=True)
