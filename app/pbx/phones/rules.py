"""What a phone may be called and how its secret is kept: pure, no I/O."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# The digest realm Asterisk challenges with (pjsip.conf `default_realm`): the stored HA1
# is bound to it, so changing it means a new secret for every phone.
REALM = "switchboard"
# 2-8 digits: room numbers, staff extensions, agent desks. Digits only, so a stored value
# can never carry config or dialplan syntax into the rendered files.
EXTENSION = re.compile(r"^[0-9]{2,8}$")
# A dialplan context a system owns: letters, digits, dash and underscore.
CONTEXT = re.compile(r"^[a-z][a-z0-9_-]{1,62}$")
LANGUAGE = re.compile(r"^[a-z]{2}(_[A-Z]{2})?$")
OWNER = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
# The platform's own phones context (extensions.conf): the DIDs, the other phones, *98.
# Where phones added from the CLI go unless the operator names a context of their own.
DEFAULT_CONTEXT = "switchboard-phones"
# Contexts the platform's dialplan defines for other callers: a phone landing in one
# would reach the trunk's numbers or the demo phones, not a phones' numbering plan.
PLATFORM_CONTEXTS = frozenset(
    {
        "from-carrier",
        "from-phones",
        "switchboard-dids",
        "switchboard-phones-internal",
        "phones",
        "catch-all",
        "default",
    }
)
# PJSIP object names already taken by the static configuration.
RESERVED = frozenset({"1001", "1002", "1003", "1004"})
# Characters a display name keeps: it lands in a quoted callerid and a voicemail.conf line.
_NAME_UNSAFE = re.compile(r'[\x00-\x1f"\\;,|=\[\]<>]')


class PhoneRefused(ValueError):
    """A phone that cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True)
class PhoneSpec:
    """What a system (or the admin) asks for when it creates a phone."""

    extension: str
    context: str
    owner: str
    display_name: str = ""
    language: str = "en"
    mailbox: bool = False


def check(spec: PhoneSpec) -> PhoneSpec:
    """The spec with its display name cleaned, or PhoneRefused naming the bad field."""
    if not EXTENSION.match(spec.extension):
        raise PhoneRefused(f"extension {spec.extension!r} must be 2 to 8 digits")
    if spec.extension in RESERVED:
        raise PhoneRefused(f"extension {spec.extension} is a demo phone of the static config")
    if not CONTEXT.match(spec.context):
        raise PhoneRefused(
            f"context {spec.context!r} must be lower-case letters, digits, '-' or '_'"
        )
    if spec.context in PLATFORM_CONTEXTS:
        raise PhoneRefused(f"context {spec.context!r} is the platform's, not a system's")
    if not LANGUAGE.match(spec.language):
        raise PhoneRefused(f"language {spec.language!r} is not a language code like en or zh")
    if not OWNER.match(spec.owner):
        raise PhoneRefused(f"owner {spec.owner!r} must be a system name")
    return PhoneSpec(
        extension=spec.extension,
        context=spec.context,
        owner=spec.owner,
        display_name=clean_name(spec.display_name),
        language=spec.language,
        mailbox=spec.mailbox,
    )


def clean_name(name: str) -> str:
    return _NAME_UNSAFE.sub("", name).strip()[:80]


def secret_digest(extension: str, secret: str) -> str:
    """HA1 for MD5 digest auth: what pjsip's `md5_cred` holds (SIP digest is MD5 for
    every phone that registers today; SHA-256 digest is for later)."""
    ha1 = f"{extension}:{REALM}:{secret}".encode()
    return hashlib.md5(ha1, usedforsecurity=True).hexdigest()
