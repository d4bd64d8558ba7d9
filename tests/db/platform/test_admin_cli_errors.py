"""What an admin sees when the database setting is wrong, run as a real `switchboard`
process: exit status 2, one line on stderr naming the setting, nothing on stdout, no
traceback, and no database file or folder created behind the admin's back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import REPO_ROOT

LIST_COMMANDS = [
    ["visits", "list"],
    ["agency", "list"],
    ["masking", "shoppers"],
    ["masking", "pending"],
    ["masking", "calls"],
]


def switchboard(
    tmp_path: Path, database_url: str | None, *argv: str
) -> subprocess.CompletedProcess[str]:
    """`database_url` None: the default, SQLite in the runtime folder."""
    env = {
        **os.environ,
        "SWITCHBOARD_RUNTIME": str(tmp_path / "var"),
        "ASTERISK_PREFIX": str(tmp_path / "no-asterisk"),
    }
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def assert_one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("switchboard: error: ")
    for text in expected:
        assert text in lines[0]


BAD_URLS = [
    ("foo://bar", "'foo' is not a database Switchboard runs on"),
    ("notaurl", "'notaurl' is not a database URL"),
    ("mysql://admin@localhost/switchboard", "'mysql' is not a database Switchboard runs on"),
    ("postgresql+psycopg2://admin@localhost/db", "driver 'psycopg2' is not supported"),
]


@pytest.mark.parametrize(("url", "reason"), BAD_URLS)
@pytest.mark.parametrize("argv", [*LIST_COMMANDS, ["db", "upgrade"], ["run", "--no-demo"]])
def test_a_bad_database_url_is_one_clear_line(
    tmp_path: Path, url: str, reason: str, argv: list[str]
) -> None:
    assert_one_line_error(switchboard(tmp_path, url, *argv), "DATABASE_URL", reason)


@pytest.mark.parametrize("argv", [*LIST_COMMANDS, ["db", "upgrade"], ["run", "--no-demo"]])
def test_an_unreachable_postgresql_is_one_clear_line(tmp_path: Path, argv: list[str]) -> None:
    url = f"postgresql://switchboard:s3cret@127.0.0.1:{closed_port()}/switchboard"
    result = switchboard(tmp_path, url, *argv)
    assert_one_line_error(result, "cannot connect to the database in DATABASE_URL", "refused")
    assert "s3cret" not in result.stderr
    # `run` gave up before it started Asterisk or wrote its configuration.
    assert not (tmp_path / "var" / "etc").exists()


@pytest.mark.parametrize(
    "argv",
    [
        *LIST_COMMANDS,
        ["visits", "exceptions"],
        ["visits", "export", "--from", "2026-11-01", "--to", "2026-11-07"],
        ["visits", "recording", "1"],
        ["masking", "recording", "1"],
        [
            "agency",
            "add",
            "--name",
            "X",
            "--account",
            "1",
            "--max-clients",
            "1",
            "--max-visit-minutes",
            "60",
        ],
        ["masking", "add-shopper", "Jana", "602111222"],
        ["db", "downgrade", "base"],
    ],
)
def test_a_mistyped_sqlite_path_creates_nothing(tmp_path: Path, argv: list[str]) -> None:
    missing = tmp_path / "typo" / "switchboard.db"
    result = switchboard(tmp_path, f"sqlite:///{missing}", *argv)
    assert_one_line_error(result, f"no database at {missing}", "`switchboard db upgrade`")
    assert not missing.parent.exists()


@pytest.mark.parametrize("argv", LIST_COMMANDS)
def test_a_fresh_checkout_gets_no_runtime_folder_from_a_list(
    tmp_path: Path, argv: list[str]
) -> None:
    # The default database lives in the runtime folder: reading the settings (and the
    # secrets Asterisk needs) must not create that folder either.
    result = switchboard(tmp_path, None, *argv)
    assert_one_line_error(result, f"no database at {tmp_path / 'var' / 'switchboard.db'}")
    assert not (tmp_path / "var").exists()


def test_db_upgrade_says_it_creates_a_new_database(tmp_path: Path) -> None:
    fresh = tmp_path / "new" / "switchboard.db"
    url = f"sqlite:///{fresh}"
    created = switchboard(tmp_path, url, "db", "upgrade")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        f"creating a new database at {fresh}",
        "database at head",
    ]
    assert fresh.is_file()

    again = switchboard(tmp_path, url, "db", "upgrade")
    assert again.stdout == "database at head\n"
    listed = switchboard(tmp_path, url, "visits", "list")
    assert listed.returncode == 2
    assert "no agency yet" in listed.stderr


def test_calls_since_names_the_accepted_forms(tmp_path: Path) -> None:
    result = switchboard(tmp_path, "sqlite://", "masking", "calls", "--since", "yesterday")
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        "argument --since: expected YYYY-MM-DD (a whole day) or YYYY-MM-DDTHH:MM, "
        "got 'yesterday'" in result.stderr
    )
    assert "_day" not in result.stderr


@pytest.mark.parametrize("argv", LIST_COMMANDS)
def test_a_list_that_fails_prints_no_header(tmp_path: Path, argv: list[str]) -> None:
    # Connecting works, the first query fails: the list must still print nothing.
    empty = tmp_path / "never-migrated.db"
    empty.touch()
    result = switchboard(tmp_path, f"sqlite:///{empty}", *argv)
    assert_one_line_error(result, "no such table", "`switchboard db upgrade`")
