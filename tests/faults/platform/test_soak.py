"""Bad input over real SIP: a few hundred short calls, a dozen at a time (three worker
processes), each pressing random keys and hanging up at a random moment.

Afterwards nothing may have leaked: no channel or bridge in Asterisk, no database
connection beyond the pool, no file descriptors piling up in the controller, no flow
error in its log, and every call's CDR stored exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import REPO_ROOT
from tests.harness.fault_pbx import FaultPbx
from tests.harness.postgres import psql

CALLS = 240
WORKERS = 3


@pytest.fixture
def pg_pbx(tmp_path: Path) -> Iterator[tuple[FaultPbx, str]]:
    name = f"switchboard_soak_{uuid.uuid4().hex[:10]}"
    psql(f'CREATE DATABASE "{name}"')
    pbx: FaultPbx | None = None
    try:
        pbx = FaultPbx.create(tmp_path / "pbx", f"postgresql://postgres@127.0.0.1:5432/{name}")
        pbx.start_asterisk()
        pbx.start_controller()
        yield pbx, name
    finally:
        if pbx is not None:
            pbx.stop()
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_a_few_hundred_random_short_calls(pg_pbx: tuple[FaultPbx, str], tmp_path: Path) -> None:
    pbx, database = pg_pbx
    assert pbx.controller is not None and pbx.asterisk is not None
    fds_before = fds(pbx.controller.pid)
    began = time.monotonic()
    seed = int(os.environ.get("SOAK_SEED", "6"))
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.harness.soak_worker", str(pbx.sip_port),
             pbx.secrets["carrier_password"], str(CALLS // WORKERS), str(seed * 100 + n),
             str(tmp_path / f"heard-{n}")],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for n in range(WORKERS)
    ]  # fmt: skip
    summaries = []
    for worker in workers:
        out, _ = worker.communicate(timeout=240)
        problem = out[out.find("Traceback") :] if "Traceback" in out else out[-1500:]
        assert worker.returncode == 0, f"soak worker failed: {problem}"
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    elapsed = time.monotonic() - began
    placed = sum(s["placed"] for s in summaries)
    by_caller = sum(s["hung_up_by_caller"] for s in summaries)
    stuck = sum(s["stuck"] for s in summaries)
    print("\nphone-side states of calls the phone lost:", [s["stuck_states"] for s in summaries])
    assert placed == CALLS

    deadline = time.monotonic() + 20
    channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    while (channels or bridges) and time.monotonic() < deadline:
        time.sleep(0.2)
        channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    assert not channels, f"channels leaked: {[c['name'] for c in channels]}"
    assert not bridges, f"bridges leaked: {bridges}"

    connections = int(
        psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'")[0]
    )
    assert connections <= 15, f"{connections} database connections open (pool is 5 + 10)"
    fds_after = fds(pbx.controller.pid)
    assert fds_after <= fds_before + 20, f"controller fds {fds_before} -> {fds_after}"
    log = pbx.log()
    assert " failed\n" not in log and "Traceback" not in log, log[-4000:]

    time.sleep(1.0)
    cdrs = psql("SELECT unique_id FROM cdr", database)
    print(
        f"\nsoak: {placed} calls ({by_caller} hung up by the caller, the rest by "
        f"the PBX; {stuck} lost by the phone) in {elapsed:.0f}s; {len(cdrs)} CDRs; "
        f"db connections {connections}; "
        f"controller fds {fds_before} -> {fds_after}; "
        f"visits {psql('SELECT count(*) FROM visit', database)[0]}"
    )
    assert len(cdrs) == len(set(cdrs)) == placed, "every call's CDR exactly once"
    assert pbx.controller.poll() is None
