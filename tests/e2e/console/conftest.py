"""The console with the demo pages and staff for the browser tests (the browser and its
pages are tests/e2e/conftest.py's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.console_demo import start_demo_console
from tests.harness.console_server import ConsoleUnderTest


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    instance = start_demo_console(tmp_path_factory.mktemp("console"))
    yield instance
    instance.stop()
