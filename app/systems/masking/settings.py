"""Masked calling's settings, read from the environment (SWITCHBOARD_MASKING_*)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.calls.languages import LineLanguages, languages_env
from app.config import float_env, int_env
from app.systems.masking.rules import MASKING_LANGUAGES


@dataclass(frozen=True)
class MaskingSettings:
    """Masked calling (seed 001). Defaults suit Czech numbers; see README."""

    allowed_prefixes: tuple[str, ...] = ("2", "3", "4", "5", "6", "7", "8", "9")
    min_digits: int = 9
    max_digits: int = 9
    ring_timeout: float = 30.0
    callback_ring_timeout: float = 25.0
    callback_expiry_hours: float = 72.0
    max_concurrent_calls: int = 1
    max_calls_per_hour: int = 20
    timezone: str = "Europe/Prague"
    languages: LineLanguages = field(default_factory=lambda: LineLanguages(MASKING_LANGUAGES))


def load_masking(env: Mapping[str, str]) -> MaskingSettings:
    default = MaskingSettings()
    prefixes = env.get("SWITCHBOARD_MASKING_PREFIXES")
    return MaskingSettings(
        allowed_prefixes=tuple(p.strip() for p in prefixes.split(",") if p.strip())
        if prefixes
        else default.allowed_prefixes,
        min_digits=int_env(env, "SWITCHBOARD_MASKING_MIN_DIGITS", default.min_digits),
        max_digits=int_env(env, "SWITCHBOARD_MASKING_MAX_DIGITS", default.max_digits),
        ring_timeout=float_env(env, "SWITCHBOARD_MASKING_RING_TIMEOUT", default.ring_timeout),
        callback_ring_timeout=float_env(
            env, "SWITCHBOARD_MASKING_CALLBACK_RING_TIMEOUT", default.callback_ring_timeout
        ),
        callback_expiry_hours=float_env(
            env, "SWITCHBOARD_MASKING_CALLBACK_EXPIRY_HOURS", default.callback_expiry_hours
        ),
        max_concurrent_calls=int_env(
            env, "SWITCHBOARD_MASKING_MAX_CONCURRENT", default.max_concurrent_calls
        ),
        max_calls_per_hour=int_env(
            env, "SWITCHBOARD_MASKING_MAX_CALLS_PER_HOUR", default.max_calls_per_hour
        ),
        timezone=env.get("SWITCHBOARD_MASKING_TIMEZONE", default.timezone),
        languages=languages_env(env, "SWITCHBOARD_MASKING_LANGUAGES", MASKING_LANGUAGES),
    )
