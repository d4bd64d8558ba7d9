"""The admin CLI loads only what the chosen command needs (measured: imports were half of
every command's start-up). Checked in a fresh interpreter, from sys.modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.config import REPO_ROOT
from app.db.migrate import upgrade

HEAVY = ("sqlalchemy", "alembic", "aiohttp", "app.systems.evv.models", "app.systems.masking.models")


def loaded_after(code: str, tmp_path: Path, database_url: str = "") -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    env = {
        "PATH": "/usr/bin:/bin",
        "SWITCHBOARD_RUNTIME": str(tmp_path / "var"),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'missing.db'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")}


def test_importing_the_cli_and_parsing_loads_no_database_code(tmp_path: Path) -> None:
    modules = loaded_after(
        "from app.cli import build_parser\n"
        "build_parser().parse_args(['visits', 'list'])\n"
        "build_parser().parse_args(['masking', 'shoppers'])",
        tmp_path,
    )
    assert heavy(modules) == set()


def test_the_db_package_and_settings_load_no_tables(tmp_path: Path) -> None:
    modules = loaded_after("import app.db, app.db.errors, app.config", tmp_path)
    assert heavy(modules) == set()
    engine = loaded_after("import app.db.engine", tmp_path)
    assert {"app.systems.evv.models", "app.systems.masking.models"} & engine == set()


async def test_a_list_command_loads_neither_alembic_nor_the_controller_nor_other_tables(
    sqlite_url: str, tmp_path: Path
) -> None:
    await upgrade(sqlite_url)
    modules = loaded_after(
        "from app.cli import main\nassert main(['visits', 'list']) == 2  # no agency yet",
        tmp_path,
        sqlite_url,
    )
    assert "app.systems.evv.admin.commands" in modules  # it did run the command
    assert {m for m in modules if m.split(".")[0] in ("alembic", "aiohttp")} == set()
    unneeded = {"app.controller", "app.runner", "app.systems.masking.models", "app.db.migrate"}
    assert unneeded & modules == set()
