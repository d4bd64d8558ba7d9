"""The PMS API's bearer token: generated once into the runtime's git-ignored secrets file
(var/secrets.env, mode 0600) beside the platform's secrets, never a default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TOKEN_NAME = "hotel_pms_token"


def read_token(path: Path) -> str | None:
    if not path.exists():
        return None
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == TOKEN_NAME and value.strip():
            return value.strip()
    return None


def ensure_token(path: Path) -> str:
    """The token in `path`, appended to it first if it has none."""
    found = read_token(path)
    if found:
        return found
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text() if path.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    tmp = path.with_suffix(".hotel.tmp")
    tmp.write_text(f"{existing}{TOKEN_NAME}={token}\n")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return token
