"""The fictitious-number pool in the dialplan.

The pool lives in the database and changes at run time (admin CLI), so it is not part of the
rendered templates: this module writes `extensions_pool.conf` (included by extensions.conf)
and asks the running Asterisk to `dialplan reload`. The carrier context includes the pool
context before its catch-all, so a pool number reaches the inbound flow and any other number
still hears "not in service".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from pathlib import Path

from app.config import Settings
from app.pbx.process import Asterisk, AsteriskError
from app.systems.masking.dids import POOL_FLOW

log = logging.getLogger(__name__)

POOL_FILE = "extensions_pool.conf"
POOL_CONTEXT = "masking-pool"


def pool_dialplan(numbers: Iterable[str], app: str) -> str:
    lines = [
        "; Written by switchboard from the fictitious-number pool; do not edit.",
        f"[{POOL_CONTEXT}]",
    ]
    for number in sorted(set(numbers)):
        if not number.isdigit():
            continue  # never let a stored value inject dialplan syntax
        lines.append(f"exten => {number},1,Stasis({app},{POOL_FLOW},{number})")
        lines.append(" same => n,Hangup()")
    return "\n".join(lines) + "\n"


def pool_path(settings: Settings) -> Path:
    return settings.runtime_dir / "etc" / POOL_FILE


def ensure_pool_file(settings: Settings) -> None:
    """An empty pool until the controller writes the real one, so the include never fails."""
    path = pool_path(settings)
    if not path.exists():
        path.write_text(pool_dialplan([], settings.ari_app))


def write_pool(settings: Settings, numbers: Iterable[str]) -> bool:
    """Write the pool dialplan; True when it changed."""
    path = pool_path(settings)
    body = pool_dialplan(numbers, settings.ari_app)
    if path.exists() and path.read_text() == body:
        return False
    tmp = path.with_suffix(".tmp")
    tmp.write_text(body)
    tmp.replace(path)
    return True


async def sync_pool(settings: Settings, numbers: Iterable[str], *, force: bool = False) -> bool:
    """Write the pool and reload the dialplan of a running Asterisk. False if none runs."""
    if not write_pool(settings, numbers) and not force:
        return True
    asterisk = Asterisk(
        binary=settings.asterisk_binary,
        config=settings.asterisk_conf,
        log_file=settings.runtime_dir / "log" / "asterisk.out",
    )
    try:
        await asyncio.to_thread(asterisk.cli, "dialplan reload")
    except (AsteriskError, OSError) as exc:
        log.warning("could not reload the dialplan (%s); the pool applies at next start", exc)
        return False
    return True
