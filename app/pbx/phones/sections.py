"""The phones as Asterisk configuration: PJSIP endpoint/auth/aor sections and
app_voicemail boxes. Pure: phone records in, file bodies out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from app.pbx.phones.repository import Phone

PJSIP_FILE = "pjsip_phones.conf"
VOICEMAIL_FILE = "voicemail_boxes.conf"
# Every phone's box lives in one app_voicemail context: extensions are unique across the
# phones table, so no system needs a context of its own.
VOICEMAIL_CONTEXT = "switchboard"
# The lamp the controller lights apart from voicemail: a second box per phone that only
# the controller writes to (see app/telephony/phones.py).
LAMP_CONTEXT = "switchboard-lamps"
HEADER = "; Written by switchboard from the phones table; do not edit.\n"


def mailbox_of(extension: str) -> str:
    return f"{extension}@{VOICEMAIL_CONTEXT}"


def lamp_of(extension: str) -> str:
    return f"{extension}@{LAMP_CONTEXT}"


def pjsip_phones(phones: Iterable[Phone]) -> str:
    """Enabled phones only: a disabled one is simply not an endpoint, so its REGISTER is
    challenged and refused like any unknown user's."""
    blocks = [_pjsip_phone(phone) for phone in sorted(phones, key=_key) if phone.enabled]
    return HEADER + "\n".join(blocks)


def _pjsip_phone(phone: Phone) -> str:
    ext = phone.extension
    name = phone.display_name or ext
    # The lamp box is listed for every phone, the voicemail box only when it has one:
    # res_pjsip_mwi sums their counts into the one NOTIFY a phone's lamp follows.
    boxes = [mailbox_of(ext)] if phone.mailbox else []
    boxes.append(lamp_of(ext))
    return (
        f"[{ext}](registered-phone-endpoint)\n"
        f"context = {phone.context}\n"
        f"auth = {ext}-auth\n"
        f"aors = {ext}\n"
        f'callerid = "{name}" <{ext}>\n'
        f"language = {phone.language}\n"
        f"mailboxes = {','.join(boxes)}\n"
        "\n"
        f"[{ext}](registered-phone-aor)\n"
        "\n"
        f"[{ext}-auth](registered-phone-auth)\n"
        f"username = {ext}\n"
        f"md5_cred = {phone.secret_digest}\n"
    )


def voicemail_boxes(phones: Iterable[Phone]) -> str:
    lines = [HEADER.rstrip("\n"), f"[{VOICEMAIL_CONTEXT}]"]
    for phone in sorted(phones, key=_key):
        if phone.enabled and phone.mailbox:
            # Retrieval is only from the phone itself (VoiceMailMain with `s`: the phone
            # already authenticated), so the box's PIN is never asked; it is derived
            # rather than a default anyone could guess.
            lines.append(
                f"{phone.extension} => {_pin(phone)},{phone.display_name or phone.extension}"
            )
    return "\n".join(lines) + "\n"


def _pin(phone: Phone) -> str:
    digest = hashlib.sha256(f"pin:{phone.secret_digest}".encode()).hexdigest()
    return str(int(digest[:12], 16))[-8:].rjust(8, "0")


def _key(phone: Phone) -> str:
    return phone.extension
