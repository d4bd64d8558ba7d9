"""The import rules (pyproject.toml, [tool.importlinter]) hold, and each one catches the
import it forbids: systems never import each other, the platform never imports a system,
flows never import ARI, SQLAlchemy or app.db, pure rules import only the standard library
and the toolkit's pure code (speech, digits)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first: the app package under `root` is the one analysed, not the
    # installed checkout.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden_import", "contract"),
    [
        (
            "app/systems/evv/flows/line.py",
            "import app.systems.masking.rules",
            "Systems never import each other",
        ),
        ("app/pbx/dids.py", "import app.systems.evv.dids", "The platform never imports a system"),
        (
            "app/systems/masking/flows/access.py",
            "import sqlalchemy",
            "A system's flows never import the ARI client, SQLAlchemy or app.db",
        ),
        (
            "app/systems/evv/flows/call_out.py",
            "import app.telephony.ari.client",
            "A system's flows never import the ARI client, SQLAlchemy or app.db",
        ),
        (
            "app/systems/masking/rules.py",
            "import app.db.engine",
            "Pure rules import only the standard library, speech and digits",
        ),
    ],
)
def test_each_contract_catches_the_import_it_forbids(
    tmp_path: Path, module: str, forbidden_import: str, contract: str
) -> None:
    shutil.copytree(
        REPO_ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    source = tmp_path / module
    source.write_text(source.read_text() + f"\n{forbidden_import}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
