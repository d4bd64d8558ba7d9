"""Bad input over real SIP: a few hundred short calls, a dozen at a time, each pressing
random keys and hanging up at a random moment.

Afterwards nothing may have leaked: no channel or bridge in Asterisk, no database
connection beyond the pool, no file descriptors piling up in the controller, no flow
error in its log, and every call's CDR stored exactly once.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pjsua2 as pj
import pytest

from tests.faults.conftest import EVV_DID
from tests.faults.pbx import FaultPbx
from tests.faults.test_database_outage import psql
from tests.harness.phone import PhoneCall, SipStack

CALLS = 240
AT_ONCE = 12
KEYS = [
    "1",
    "2",
    "3",
    "7",
    "1234#",
    "1001#",
    "1002#",
    "9999#",
    "10#",
    "01#",
    "00#",
    "*",
    "#",
    "12",
    "5678#",
    "2468#",
    "0#",
    "*#*",
    "4",
]


@dataclass
class ShortCall:
    call: PhoneCall
    started: float
    plan: list[tuple[float, str]]
    step: int = 0
    channel: str = ""
    hung_up_by_us: bool = False
    extra: dict[str, float] = field(default_factory=dict)


def plan_for(rng: random.Random) -> list[tuple[float, str]]:
    at, plan = 0.0, []
    for _ in range(rng.randint(0, 6)):
        at += rng.uniform(0.3, 2.0)
        plan.append(
            (
                at,
                rng.choice(KEYS)
                if rng.random() < 0.8
                else "".join(rng.choice("0123456789*#") for _ in range(rng.randint(1, 8))),
            )
        )
    plan.append((at + rng.uniform(0.0, 3.0), "HANGUP"))
    return plan


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


def test_a_few_hundred_random_short_calls(pg_pbx: tuple[FaultPbx, str], sip: SipStack) -> None:
    pbx, database = pg_pbx
    assert pbx.controller is not None and pbx.asterisk is not None
    sip.pbx_port = pbx.sip_port
    rng = random.Random(int(os.environ.get("SOAK_SEED", "6")))
    phones = [
        sip.phone(f"555000100{n}", pbx.secrets["carrier_password"], auth_user="carrier")
        for n in range(1, 5)
    ]
    fds_before = fds(pbx.controller.pid)
    began = time.monotonic()
    placed, active, done = 0, [], []
    while placed < CALLS or active:
        while placed < CALLS and len(active) < AT_ONCE:
            call = rng.choice(phones).dial(EVV_DID)
            active.append(ShortCall(call, time.monotonic(), plan_for(rng)))
            placed += 1
        sip.pump(0.02)
        now = time.monotonic()
        for short in list(active):
            if short.call.disconnected:
                active.remove(short)
                done.append(short)
                continue
            if short.step >= len(short.plan):
                continue
            at, action = short.plan[short.step]
            if now - short.started < at:
                continue
            if action == "HANGUP":
                short.call.hangup()
                short.hung_up_by_us = True
                short.step += 1
            elif short.call.media_ready:
                param = pj.CallSendDtmfParam()
                param.digits = action
                param.method = pj.PJSUA_DTMF_METHOD_RFC2833
                with contextlib.suppress(pj.Error):  # the PBX hung up meanwhile
                    short.call.sendDtmf(param)
                short.step += 1
            if now - short.started > 60:
                raise AssertionError("a short call lasted over a minute")
        assert time.monotonic() - began < 240, "soak took too long"
    elapsed = time.monotonic() - began
    sip.hang_up_all()

    deadline = time.monotonic() + 20
    channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    while (channels or bridges) and time.monotonic() < deadline:
        sip.pump(0.2)
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
        f"\nsoak: {placed} calls ({sum(s.hung_up_by_us for s in done)} hung up by the "
        f"caller) in {elapsed:.0f}s; {len(cdrs)} CDRs; db connections {connections}; "
        f"controller fds {fds_before} -> {fds_after}; "
        f"visits {psql('SELECT count(*) FROM visit', database)[0]}"
    )
    assert len(cdrs) == len(set(cdrs)) == placed, "every call's CDR exactly once"
    assert pbx.controller.poll() is None
