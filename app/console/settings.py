"""Console settings, from the environment. Read with the other settings (app/config.py), so
this module imports nothing heavy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_PORT = 8090


@dataclass(frozen=True)
class ConsoleSettings:
    # Binds to the PBX's bind address (loopback by default); 0 turns the console off.
    port: int = DEFAULT_PORT
    session_hours: float = 12.0
    # Set when a TLS proxy fronts the console: cookies get `Secure` even though the
    # request reaching us is plain HTTP.
    secure_cookies: bool = False
    # Throttle: failed sign-ins allowed per username and per client address in the window.
    max_failures_per_user: int = 5
    max_failures_per_address: int = 20
    failure_window_seconds: float = 900.0


def load_console(env: Mapping[str, str]) -> ConsoleSettings:
    def number(name: str, default: float) -> float:
        raw = env.get(name)
        return float(raw) if raw else default

    defaults = ConsoleSettings()
    return ConsoleSettings(
        port=int(number("SWITCHBOARD_CONSOLE_PORT", defaults.port)),
        session_hours=number("SWITCHBOARD_CONSOLE_SESSION_HOURS", defaults.session_hours),
        secure_cookies=env.get("SWITCHBOARD_CONSOLE_SECURE_COOKIES", "") in ("1", "true", "yes"),
        max_failures_per_user=int(
            number("SWITCHBOARD_CONSOLE_MAX_FAILURES_PER_USER", defaults.max_failures_per_user)
        ),
        max_failures_per_address=int(
            number(
                "SWITCHBOARD_CONSOLE_MAX_FAILURES_PER_ADDRESS", defaults.max_failures_per_address
            )
        ),
        failure_window_seconds=number(
            "SWITCHBOARD_CONSOLE_FAILURE_WINDOW_SECONDS", defaults.failure_window_seconds
        ),
    )
