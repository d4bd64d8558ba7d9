"""Emptying a phone's app_voicemail box (a hotel room after check-out): the messages and the
greetings of its last user go, and app_voicemail is asked to count the box again so the
phone's lamp goes off at once (else its mailbox poll does, within seconds)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from app.config import Settings
from app.pbx.phones.sections import VOICEMAIL_CONTEXT
from app.telephony.ami.actions import ami_action


def voicemail_box(settings: Settings, extension: str) -> Path:
    if not extension.isdigit():
        raise ValueError(f"not an extension: {extension!r}")
    return settings.runtime_dir / "spool" / "voicemail" / VOICEMAIL_CONTEXT / extension


def empty_box(settings: Settings, extension: str, *, before: datetime | None = None) -> int:
    """Remove the box's messages and greetings, all of them or only those written before
    `before` (a guest who checked in since keeps theirs); the number of messages removed.
    app_voicemail renumbers a folder with gaps when it next opens it."""
    box = voicemail_box(settings, extension)
    if not box.exists():
        return 0
    if before is None:
        removed = sum(1 for _ in box.glob("*/msg????.txt"))
        shutil.rmtree(box)
        return removed
    cutoff = before.timestamp()
    removed = 0
    for header in box.glob("*/msg????.txt"):
        if header.stat().st_mtime < cutoff:
            for part in header.parent.glob(f"{header.stem}.*"):
                part.unlink(missing_ok=True)
            removed += 1
    for greeting in (p for p in box.iterdir() if p.is_file()):
        if greeting.stat().st_mtime < cutoff:
            greeting.unlink(missing_ok=True)
    return removed


async def refresh_box(settings: Settings, extension: str) -> None:
    """AmiError if Asterisk cannot be asked."""
    await ami_action(
        settings,
        {"Action": "VoicemailRefresh", "Context": VOICEMAIL_CONTEXT, "Mailbox": extension},
    )
