"""The local PostgreSQL for fault tests: psql, and a private PBX reaching it through a TCP
proxy the test can cut."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.harness.fault_pbx import FaultPbx
from tests.harness.tcp_proxy import TcpProxy

PG_PORT = 5432


def psql(sql: str, database: str = "postgres") -> list[str]:
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-d",
            database,
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"psql failed (is PostgreSQL up on {PG_PORT}?): {result.stderr}")
    return [line for line in result.stdout.splitlines() if line]


@contextmanager
def postgres_behind_proxy(root: Path, **create: Any) -> Iterator[tuple[FaultPbx, TcpProxy, str]]:
    """A PBX on a fresh PostgreSQL database reached through a proxy the test can cut
    (PostgreSQL itself is shared and never stopped); the database is dropped after."""
    name = f"switchboard_faults_{uuid.uuid4().hex[:10]}"
    psql(f'CREATE DATABASE "{name}"')
    proxy = TcpProxy(PG_PORT).start()
    pbx: FaultPbx | None = None
    try:
        pbx = FaultPbx.create(
            root, f"postgresql://postgres@127.0.0.1:{proxy.port}/{name}", **create
        )
        pbx.start_asterisk()
        pbx.start_controller()
        yield pbx, proxy, name
    finally:
        proxy.cut()
        if pbx is not None:
            pbx.stop()
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
