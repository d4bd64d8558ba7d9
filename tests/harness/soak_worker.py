"""One soak worker: its own PJSUA2 endpoint (PJSUA allows 4 calls at once per process),
placing short calls with random keys and random hang-up points. Prints a JSON summary.

python -m tests.harness.soak_worker PORT PASSWORD CALLS SEED RECORDINGS_DIR
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pjsua2 as pj

from app.systems.evv.dids import EVV_NUMBER
from tests.harness.phone import PhoneCall, PhoneError, SipStack

AT_ONCE = 4
KEYS = [
    "1", "2", "3", "7", "1234#", "1001#", "1002#", "9999#", "10#", "01#", "00#", "*", "#",
    "12", "5678#", "2468#", "0#", "*#*", "4",
]  # fmt: skip


@dataclass
class ShortCall:
    call: PhoneCall
    started: float
    plan: list[tuple[float, str]]
    step: int = 0
    hung_up_by_us: bool = False


def plan_for(rng: random.Random) -> list[tuple[float, str]]:
    at, plan = 0.0, []
    for _ in range(rng.randint(0, 5)):
        at += rng.uniform(0.2, 1.5)
        if rng.random() < 0.8:
            keys = rng.choice(KEYS)
        else:
            keys = "".join(rng.choice("0123456789*#") for _ in range(rng.randint(1, 8)))
        plan.append((at, keys))
    plan.append((at + rng.uniform(0.0, 2.5), "HANGUP"))
    return plan


def main(port: int, password: str, calls: int, seed: int, recordings: Path) -> dict[str, object]:
    rng = random.Random(seed)
    sip = SipStack(pbx_port=port, recordings=recordings).start()
    try:
        phones = [sip.phone(f"555000100{n}", password, auth_user="carrier") for n in (1, 2)]
        placed, by_us, active, done, stuck = 0, 0, [], 0, 0
        states: list[str] = []
        began = time.monotonic()
        while placed < calls or active:
            while placed < calls and len(active) < AT_ONCE:
                try:
                    call = rng.choice(phones).dial(EVV_NUMBER, record=True)
                except PhoneError:
                    break  # PJSUA's call slots are full: try again after pumping
                active.append(ShortCall(call, time.monotonic(), plan_for(rng)))
                placed += 1
            sip.pump(0.02)
            now = time.monotonic()
            for short in list(active):
                if short.call.disconnected:
                    active.remove(short)
                    by_us += short.hung_up_by_us
                    done += 1
                    continue
                if now - short.started > 20:
                    # The phone side lost track of it (e.g. a hangup that crossed the
                    # PBX's); the test checks Asterisk holds no channel afterwards.
                    with contextlib.suppress(pj.Error):
                        short.call.hangup()
                    active.remove(short)
                    stuck += 1
                    states.append(short.call.state)
                    continue
                if short.step >= len(short.plan) or now - short.started < short.plan[short.step][0]:
                    continue
                action = short.plan[short.step][1]
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
            if time.monotonic() - began > 200:
                raise SystemExit("soak worker took too long")
            sip.calls[:] = [c for c in sip.calls if not c.disconnected]
        sip.pump(2.0)
        return {
            "placed": placed,
            "hung_up_by_caller": by_us,
            "done": done,
            "stuck": stuck,
            "stuck_states": states,
        }
    finally:
        sip.hang_up_all()


if __name__ == "__main__":
    port, password, count, seed, folder = sys.argv[1:6]
    summary = main(int(port), password, int(count), int(seed), Path(folder))
    print(json.dumps(summary), flush=True)
    # PJSUA2 may abort tearing down its conference bridge; the summary is out, so leave.
    os._exit(0)
