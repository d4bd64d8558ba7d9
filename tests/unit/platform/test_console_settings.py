"""The console's settings: loopback and a port of its own by default, printed in the banner
with where the demo passwords are."""

from __future__ import annotations

from pathlib import Path

from app.config import load_secrets, load_settings, store_secrets
from app.runner import console_line


def test_the_console_listens_on_loopback_port_8090_unless_told(tmp_path: Path) -> None:
    settings = load_settings({"SWITCHBOARD_RUNTIME": str(tmp_path)}, generate_secrets=False)
    assert settings.console_url == "http://127.0.0.1:8090/"
    assert (settings.console.session_hours, settings.console.secure_cookies) == (12.0, False)
    custom = load_settings(
        {
            "SWITCHBOARD_RUNTIME": str(tmp_path),
            "SWITCHBOARD_CONSOLE_PORT": "9443",
            "SWITCHBOARD_CONSOLE_SECURE_COOKIES": "1",
            "SWITCHBOARD_CONSOLE_MAX_FAILURES_PER_USER": "2",
        },
        generate_secrets=False,
    )
    assert custom.console.port == 9443 and custom.console.secure_cookies
    assert custom.console.max_failures_per_user == 2


def test_the_banner_names_the_console_and_where_the_demo_passwords_are(tmp_path: Path) -> None:
    settings = load_settings({"SWITCHBOARD_RUNTIME": str(tmp_path)}, generate_secrets=False)
    line = console_line(settings)
    assert "http://127.0.0.1:8090/" in line
    assert f"console_<user>_password in {tmp_path / 'secrets.env'}" in line
    off = load_settings(
        {"SWITCHBOARD_RUNTIME": str(tmp_path), "SWITCHBOARD_CONSOLE_PORT": "0"},
        generate_secrets=False,
    )
    assert "off" in console_line(off)


def test_stored_secrets_keep_the_others_and_stay_private(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    generated = load_secrets(path)
    store_secrets(path, {"console_admin_password": "s3cret-value"})
    again = load_secrets(path, generate=False)
    assert again == {**generated, "console_admin_password": "s3cret-value"}
    assert path.stat().st_mode & 0o777 == 0o600
