"""A phone's do-not-disturb as the dialplan sees it: a key in Asterisk's own database
(AstDB family `switchboard-dnd`), which `switchboard-ring-phone` checks before ringing.
AstDB lives on Asterisk's disk, so the state survives an Asterisk restart; the owner of the
phone (a hotel room's guest) keeps the truth and sets it again whenever it changes."""

from __future__ import annotations

from app.config import Settings
from app.telephony.ami.actions import ami_action

DND_FAMILY = "switchboard-dnd"


async def set_dnd(settings: Settings, extension: str, on: bool) -> None:
    """AmiError if Asterisk cannot be asked (or, clearing, had no such key: see below)."""
    if not extension.isdigit():
        raise ValueError(f"not an extension: {extension!r}")
    if on:
        action = {"Action": "DBPut", "Family": DND_FAMILY, "Key": extension, "Val": "1"}
    else:
        action = {"Action": "DBDel", "Family": DND_FAMILY, "Key": extension}
    await ami_action(settings, action)
