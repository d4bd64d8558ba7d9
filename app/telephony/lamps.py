"""A phone's message lamp, lit by the controller apart from voicemail (an operator took a
message, the PMS says one waits at the front desk).

Why app_voicemail and not ARI's /mailboxes: ARI mailboxes need res_mwi_external, which
registers itself as the voicemail provider and so cannot load beside app_voicemail, and the
phones' real voicemail is app_voicemail's. So each phone has a second box in the lamp
context, listed in its endpoint's `mailboxes` next to its voicemail box: res_pjsip_mwi sums
both into the NOTIFY the lamp follows. The controller puts one placeholder message header
into that box's INBOX (app_voicemail counts `msg????.txt`) and asks app_voicemail to
re-count it (AMI `VoicemailRefresh`); nobody can dial into the lamp box, so the placeholder
is never heard. The lit state also lives in the phones table, so it is written again at
start if Asterisk's spool was lost.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.config import Settings
from app.pbx.phones.sections import LAMP_CONTEXT
from app.telephony.ami.actions import ami_action

PLACEHOLDER = "msg0000.txt"


def lamp_inbox(settings: Settings, extension: str) -> Path:
    return settings.runtime_dir / "spool" / "voicemail" / LAMP_CONTEXT / extension / "INBOX"


def write_lamp(settings: Settings, extension: str, lit: bool) -> bool:
    """The lamp box as it should be; True when it changed."""
    if not extension.isdigit():
        raise ValueError(f"not an extension: {extension!r}")
    placeholder = lamp_inbox(settings, extension) / PLACEHOLDER
    if lit == placeholder.exists():
        return False
    if lit:
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        placeholder.write_text(
            "[message]\n"
            f"origmailbox={extension}\n"
            f"context={LAMP_CONTEXT}\n"
            'callerid="Switchboard" <0>\n'
            f"origtime={int(time.time())}\n"
            "duration=0\n"
        )
    else:
        placeholder.unlink()
    return True


async def refresh_lamp(settings: Settings, extension: str) -> None:
    """Ask app_voicemail to count the lamp box again and tell the phone (AmiError if
    Asterisk cannot be asked; its mailbox poll picks the change up within seconds)."""
    await ami_action(
        settings, {"Action": "VoicemailRefresh", "Context": LAMP_CONTEXT, "Mailbox": extension}
    )
