"""The phones table into the running Asterisk: write the PJSIP and voicemail files and
reload just those modules (AMI `Reload`), which keeps every call up. Asterisk is never
restarted for a phone."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from app.config import Settings
from app.pbx.phones.repository import Phone
from app.pbx.phones.sections import PJSIP_FILE, VOICEMAIL_FILE, pjsip_phones, voicemail_boxes
from app.telephony.ami.actions import ami_action

log = logging.getLogger(__name__)

# res_pjsip_mwi follows the endpoints' `mailboxes` only when it is reloaded too.
PJSIP_MODULES = ("res_pjsip.so", "res_pjsip_mwi.so")
VOICEMAIL_MODULES = ("app_voicemail.so",)


def ensure_files(settings: Settings) -> None:
    """No phones until the controller writes the table's: the includes never fail, and a
    file already there (Asterisk restarted alone) is kept."""
    etc = settings.runtime_dir / "etc"
    for name, body in ((PJSIP_FILE, pjsip_phones([])), (VOICEMAIL_FILE, voicemail_boxes([]))):
        if not (etc / name).exists():
            _write(etc / name, body)


async def publish(settings: Settings, phones: Sequence[Phone], *, force: bool = False) -> None:
    """Write the files and reload what changed (everything with `force`). AmiError if the
    running Asterisk could not be asked: the files are written and apply at its next start."""
    etc = settings.runtime_dir / "etc"
    pjsip_changed = _write(etc / PJSIP_FILE, pjsip_phones(phones))
    voicemail_changed = _write(etc / VOICEMAIL_FILE, voicemail_boxes(phones))
    modules = (PJSIP_MODULES if pjsip_changed or force else ()) + (
        VOICEMAIL_MODULES if voicemail_changed or force else ()
    )
    for module in modules:
        await ami_action(settings, {"Action": "Reload", "Module": module})
    if modules:
        log.info("phones: %d in the table; reloaded %s", len(phones), ", ".join(modules))


def _write(path: Path, body: str) -> bool:
    """Atomically, secrets' mode; True when the content changed."""
    if path.exists() and path.read_text() == body:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(body)
    tmp.chmod(0o600)
    tmp.replace(path)
    return True
