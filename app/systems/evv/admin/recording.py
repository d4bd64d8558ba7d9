"""Fetch the client's recorded voice (name and date) stored with a visit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.admin.errors import AdminError
from app.systems.evv.models import VisitRow


async def find_recording(
    sessionmaker: async_sessionmaker[AsyncSession], visit_id: int, recordings_dir: Path
) -> Path:
    """The recording's file; AdminError when the visit, its recording or the file is missing.

    A relative stored path is taken as relative to Asterisk's recording folder, which
    is where ARI writes (the flow stores absolute paths today).
    """
    async with sessionmaker() as session:
        found = (
            await session.execute(select(VisitRow.client_voice_path).where(VisitRow.id == visit_id))
        ).one_or_none()
    if found is None:
        raise AdminError(f"no visit {visit_id}")
    stored = found[0]
    if not stored:
        raise AdminError(
            f"visit {visit_id} has no client-voice recording (the client did not record)"
        )
    path = Path(stored)
    if not path.is_absolute():
        path = recordings_dir / path
    if not path.suffix and not path.exists():
        # ARI names a recording without its format; the file on disk has one.
        path = path.with_suffix(".wav")
    if not path.is_file():
        raise AdminError(f"visit {visit_id}: recording file {path} is gone (moved or deleted?)")
    return path


def default_output(visit_id: int, source: Path) -> Path:
    return Path(f"visit-{visit_id}-client-voice{source.suffix or '.wav'}")
