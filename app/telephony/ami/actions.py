"""One AMI action on a short-lived connection: log in, ask, log off.

For the rare actions outside the CDR listener's stream (reloading the phones' config,
refreshing a message lamp), from the controller and from admin commands alike; panoramisk
is built around a long-lived, reconnecting manager and is more than one request needs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from app.config import Settings

TIMEOUT_SECONDS = 10.0


class AmiError(RuntimeError):
    """Asterisk's manager could not be reached, refused the login or the action."""


async def ami_action(settings: Settings, action: Mapping[str, str]) -> dict[str, str]:
    """Send one action; its response's fields. AmiError unless the response is Success."""
    if "ami_secret" not in settings.secrets:
        raise AmiError("no AMI secret yet: Asterisk has never been configured here")
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            reader, writer = await asyncio.open_connection(
                settings.bind_address, settings.ports.ami
            )
            try:
                await reader.readline()  # "Asterisk Call Manager/x.y"
                login = {
                    "Action": "Login",
                    "Username": settings.ami_user,
                    "Secret": settings.secret("ami_secret"),
                    # Events off: the only thing read here is our own responses.
                    "Events": "off",
                }
                await _send(writer, login)
                _check(await _response(reader), "Login")
                await _send(writer, dict(action))
                response = _check(await _response(reader), action.get("Action", "?"))
                await _send(writer, {"Action": "Logoff"})
                # "Goodbye": read, so Asterisk does not log a connection dropped mid-session.
                with contextlib.suppress(AmiError):
                    await _response(reader)
                return response
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
    except (OSError, TimeoutError) as exc:
        raise AmiError(
            f"AMI at {settings.bind_address}:{settings.ports.ami} unreachable: {exc or 'timeout'}"
        ) from exc


async def _send(writer: asyncio.StreamWriter, fields: Mapping[str, str]) -> None:
    for value in fields.values():
        if "\r" in value or "\n" in value:
            raise AmiError("an AMI field may not hold a line break")
    writer.write(("".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n").encode())
    await writer.drain()


async def _response(reader: asyncio.StreamReader) -> dict[str, str]:
    """The next message that is a response (events are off, but skip any that come)."""
    while True:
        fields: dict[str, str] = {}
        while True:
            line = (await reader.readline()).decode(errors="replace")
            if not line:
                raise AmiError("AMI closed the connection")
            line = line.rstrip("\r\n")
            if not line:
                break
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        if "Response" in fields:
            return fields


def _check(response: dict[str, str], action: str) -> dict[str, str]:
    if response.get("Response", "").lower() != "success":
        raise AmiError(f"AMI {action}: {response.get('Message') or response.get('Response')}")
    return response
