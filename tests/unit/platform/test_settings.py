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


def test_sms_settings_from_the_environment(tmp_path: Path) -> None:
    runtime = {"SWITCHBOARD_RUNTIME": str(tmp_path)}
    default = load_settings(runtime).sms
    assert (default.url, default.auth_header, default.retry_seconds) == ("", "", 5.0)
    custom = load_settings(
        {
            **runtime,
            "SWITCHBOARD_SMS_URL": "https://sms.example/send",
            "SWITCHBOARD_SMS_AUTH_HEADER": "Bearer t",
            "SWITCHBOARD_SMS_RETRY_SECONDS": "0.5",
        }
    ).sms
    assert (custom.url, custom.auth_header, custom.retry_seconds) == (
        "https://sms.example/send",
        "Bearer t",
        0.5,
    )


def test_each_system_reads_its_own_settings_from_the_same_environment(tmp_path: Path) -> None:
    settings = load_settings(
        {"SWITCHBOARD_RUNTIME": str(tmp_path), "SWITCHBOARD_MASKING_MAX_DIGITS": "12"}
    )
    assert settings.env["SWITCHBOARD_MASKING_MAX_DIGITS"] == "12"


def test_settings_read_without_generating_secrets_create_nothing(tmp_path: Path) -> None:
    runtime = tmp_path / "var"
    settings = load_settings({"SWITCHBOARD_RUNTIME": str(runtime)}, generate_secrets=False)
    assert settings.secrets == {}
    assert not runtime.exists()
    generated = load_settings({"SWITCHBOARD_RUNTIME": str(runtime)})
    assert set(generated.secrets) >= {"ari_password", "ami_secret"}
    # Once generated, they are read back as they are, still without writing.
    again = load_settings({"SWITCHBOARD_RUNTIME": str(runtime)}, generate_secrets=False)
    assert again.secrets == generated.secrets
