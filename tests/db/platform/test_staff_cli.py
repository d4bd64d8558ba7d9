"""`switchboard staff add/passwd/disable/list` as a real process on a migrated SQLite file:
passwords from stdin or generated and printed once, every change in the audit trail."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import REPO_ROOT
from app.console.passwords import verify_password
from app.db.migrate import upgrade


@pytest.fixture
async def runtime(tmp_path: Path) -> Path:
    await upgrade(f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}")
    return tmp_path


def staff(runtime: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SWITCHBOARD_RUNTIME": str(runtime)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "staff", *argv],
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def rows(runtime: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(runtime / "switchboard.db") as connection:
        return list(connection.execute(sql))


def test_add_with_a_password_from_stdin_then_list(runtime: Path) -> None:
    added = staff(
        runtime,
        "add",
        "Olga",
        "--role",
        "operator",
        "--name",
        "Olga Wang",
        "--extension",
        "201",
        "--password-stdin",
        stdin="olga-operator-pw\n",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout == "added olga (operator)\n"
    ((stored,),) = rows(runtime, "SELECT password_hash FROM staff")
    assert isinstance(stored, str) and verify_password(stored, "olga-operator-pw")
    listed = staff(runtime, "list")
    assert listed.stdout.split() == ["olga", "operator", "active", "201", "Olga", "Wang"]
    ((actor, action, detail),) = rows(runtime, "SELECT actor, action, detail FROM staff_audit")
    assert str(actor).startswith("cli") and action == "staff_add"
    assert detail == '{"username": "olga", "role": "operator"}'


def test_without_a_terminal_the_password_is_generated_and_printed_once(runtime: Path) -> None:
    added = staff(runtime, "add", "adam", "--role", "admin")
    assert added.returncode == 0, added.stderr
    shown = added.stdout.splitlines()[-1].rsplit(" ", 1)[-1]
    ((stored,),) = rows(runtime, "SELECT password_hash FROM staff")
    assert isinstance(stored, str) and verify_password(stored, shown) and shown not in stored
    changed = staff(runtime, "passwd", "adam", "--generate")
    new = changed.stdout.splitlines()[-1].rsplit(" ", 1)[-1]
    assert new != shown
    ((stored,),) = rows(runtime, "SELECT password_hash FROM staff")
    assert isinstance(stored, str) and verify_password(stored, new)


def test_disable_ends_the_sessions_and_is_listed(runtime: Path) -> None:
    staff(
        runtime, "add", "fred", "--role", "frontdesk", "--password-stdin", stdin="fred-frontdesk\n"
    )
    disabled = staff(runtime, "disable", "fred")
    assert disabled.returncode == 0 and disabled.stdout == "disabled fred (frontdesk)\n"
    assert "disabled" in staff(runtime, "list").stdout
    actions = [action for (action,) in rows(runtime, "SELECT action FROM staff_audit ORDER BY id")]
    assert actions == ["staff_add", "staff_disable"]


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["add", "otto", "--role", "boss"], "", "invalid choice: 'boss'"),
        (["add", "otto", "--role", "admin", "--password-stdin"], "short\n", "at least 10"),
        (["passwd", "nobody", "--password-stdin"], "long-enough-pw\n", "no staff named 'nobody'"),
        (["disable", "no body"], "", "not a username"),
    ],
)
def test_mistakes_are_one_line_and_change_nothing(
    runtime: Path, argv: list[str], stdin: str, message: str
) -> None:
    result = staff(runtime, *argv, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert rows(runtime, "SELECT count(*) FROM staff") == [(0,)]


def test_a_second_account_with_the_same_name_is_refused(runtime: Path) -> None:
    staff(runtime, "add", "olga", "--role", "operator", "--generate")
    again = staff(runtime, "add", "OLGA", "--role", "admin", "--generate")
    assert again.returncode == 2 and "staff 'olga' already exists" in again.stderr
    assert "password" not in again.stdout
