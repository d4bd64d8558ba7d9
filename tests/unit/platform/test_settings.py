"""Settings read from the environment."""

from __future__ import annotations

from pathlib import Path

from app.config import load_settings
from app.db.engine import SQLITE_BUSY_TIMEOUT_MS


def test_sqlite_busy_timeout_setting(tmp_path: Path) -> None:
    runtime = {"SWITCHBOARD_RUNTIME": str(tmp_path)}
    assert load_settings(runtime).sqlite_busy_timeout_ms == SQLITE_BUSY_TIMEOUT_MS == 10_000
    chosen = load_settings({**runtime, "SWITCHBOARD_SQLITE_BUSY_TIMEOUT_MS": "1500"})
    assert chosen.sqlite_busy_timeout_ms == 1500
