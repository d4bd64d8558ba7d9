"""ARI failures as typed exceptions, so callers can tell "gone" from "broken"."""

from __future__ import annotations

import json


class AriError(Exception):
    def __init__(self, status: int, message: str, path: str = "") -> None:
        super().__init__(f"ARI {status} on {path}: {message}")
        self.status = status
        self.message = message
        self.path = path


class AriUnavailable(AriError):
    """Asterisk did not answer (restarting, or not running)."""


class NotFound(AriError):
    """The channel, bridge, playback or recording no longer exists (e.g. the caller hung up)."""


class Conflict(AriError):
    """The resource is in the wrong state for the request (e.g. channel not in Stasis)."""


class BadRequest(AriError):
    pass


class Unauthorized(AriError):
    pass


def error_for(status: int, body: str, path: str) -> AriError:
    """The typed error for a failed response; `body` is what Asterisk sent (JSON or text)."""
    message = _message(body)
    kind: type[AriError] = {
        400: BadRequest,
        401: Unauthorized,
        403: Unauthorized,
        404: NotFound,
        409: Conflict,
        412: Conflict,
        422: BadRequest,
    }.get(status, AriError)
    return kind(status, message, path)


def _message(body: str) -> str:
    try:
        return str(json.loads(body).get("message", body))
    except (ValueError, AttributeError):
        return body
