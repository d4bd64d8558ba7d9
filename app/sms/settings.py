"""SMS gateway settings, from the environment. Without a URL messages go to the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SmsSettings:
    url: str = ""  # empty: SMS go to the log
    auth_header: str = ""
    retry_seconds: float = 5.0  # first retry; doubles up to 10 minutes


def load_sms(env: Mapping[str, str]) -> SmsSettings:
    retry = env.get("SWITCHBOARD_SMS_RETRY_SECONDS")
    return SmsSettings(
        url=env.get("SWITCHBOARD_SMS_URL", ""),
        auth_header=env.get("SWITCHBOARD_SMS_AUTH_HEADER", ""),
        retry_seconds=float(retry) if retry else SmsSettings.retry_seconds,
    )
