"""`make bench`: a private PBX driven by SIPp, our ARI controller against plain dialplan.

    python -m bench.run                 # levels 10,50,100,200
    BENCH_LEVELS=10,50 python -m bench.run

Writes <runtime>/bench/<stamp>/{results.json,results.md,bench.png} and prints the table.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.config import REPO_ROOT, load_secrets
from app.pbx.dids import BENCH_BASELINE_DID
from app.systems.evv.dids import EVV_NUMBER
from bench import report
from bench.metrics import (
    LatencyObserver,
    ProcSampler,
    find_pid,
    load_average,
    percentiles,
    reached,
    reaction_latencies,
    wait_idle,
)
from bench.scenario import call_in_steps, call_out_steps, write_scenario

EVV_DID = EVV_NUMBER
CAREGIVER, CLIENT, CLIENT_PHONE, SERVICE, TASK = "900001", "900001", "5559000001", "90", "91"
FINAL_PROMPT = "evv-next-client"
RTP_PORTS = 1200  # two per call: room for 600 calls


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Pbx:
    runtime: Path
    process: subprocess.Popen[bytes]
    sip_port: int
    http_port: int
    secrets: dict[str, str]
    asterisk_pid: int

    @property
    def ari_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def ari(self, path: str) -> Any:
        request = urllib.request.Request(self.ari_url + "/ari" + path)
        token = base64.b64encode(f"switchboard:{self.secrets['ari_password']}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read() or b"null")

    def query(self, sql: str) -> int:
        with sqlite3.connect(self.runtime / "switchboard.db", timeout=30) as connection:
            return int(connection.execute(sql).fetchone()[0])


def start_pbx(runtime: Path) -> Pbx:
    """`switchboard run` on free loopback ports, as the e2e tests start it."""
    runtime.mkdir(parents=True, exist_ok=True)
    sip, http, ami = free_port(socket.SOCK_DGRAM), free_port(), free_port()
    rtp = 30000 + (os.getpid() % 100) * 200  # an even start, away from the e2e ranges
    env = dict(os.environ)
    env.update(
        SWITCHBOARD_RUNTIME=str(runtime),
        SWITCHBOARD_SIP_PORT=str(sip),
        SWITCHBOARD_HTTP_PORT=str(http),
        SWITCHBOARD_AMI_PORT=str(ami),
        # The console is not what is measured, and must not collide with `make run`'s.
        SWITCHBOARD_CONSOLE_PORT="0",
        SWITCHBOARD_RTP_START=str(rtp),
        SWITCHBOARD_RTP_END=str(rtp + RTP_PORTS - 1),
        SWITCHBOARD_LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("DATABASE_URL", None)
    log = runtime / "controller.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "run"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while "Switchboard is running." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(f"the PBX did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    conf = str(runtime / "etc" / "asterisk.conf")
    asterisk = find_pid(conf)
    if asterisk is None:
        stop_process(process)
        raise RuntimeError("the PBX's Asterisk process is not there")
    return Pbx(runtime, process, sip, http, load_secrets(runtime / "secrets.env"), asterisk)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def seed_agency(pbx: Pbx) -> None:
    """The benchmark agency, written straight into the PBX's SQLite database."""
    with sqlite3.connect(pbx.runtime / "switchboard.db", timeout=30) as db:
        agency = db.execute(
            "INSERT INTO agency (name, account_number, max_clients, max_visit_minutes, timezone)"
            " VALUES ('Benchmark Home Care', '900900', 3, 720, 'America/New_York')"
        ).lastrowid
        db.execute(
            "INSERT INTO caregiver (agency_id, code, name, active) VALUES (?, ?, 'Bench Carer', 1)",
            (agency, CAREGIVER),
        )
        db.execute(
            "INSERT INTO client (agency_id, code, name, phone) VALUES (?, ?, 'Bench Client', ?)",
            (agency, CLIENT, CLIENT_PHONE),
        )
        db.execute(
            "INSERT INTO service (agency_id, code, name) VALUES (?, ?, 'Bench service')",
            (agency, SERVICE),
        )
        db.execute(
            "INSERT INTO task (agency_id, code, name) VALUES (?, ?, 'Bench task')", (agency, TASK)
        )


def run_sipp(
    pbx: Pbx, scenario: Path, did: str, level: int, calls: int, call_seconds: float, out: Path
) -> dict[str, int]:
    stat = out / f"{scenario.stem}-{did}-{level}.csv"
    rate = max(2, level // 5)  # calls per second: the level is reached in about 5 s
    limit = int(calls / rate + call_seconds * 3 + 60)
    command = [
        "sipp", f"127.0.0.1:{pbx.sip_port}",
        "-sf", str(scenario), "-s", did, "-key", "caller", CLIENT_PHONE,
        "-au", "carrier", "-ap", pbx.secrets["carrier_password"],
        "-i", "127.0.0.1", "-p", str(free_port(socket.SOCK_DGRAM)),
        "-mi", "127.0.0.1", "-mp", str(free_port(socket.SOCK_DGRAM) & ~1),
        "-l", str(level), "-m", str(calls), "-r", str(rate), "-rp", "1000",
        "-nostdin", "-timeout", f"{limit}s", "-timeout_error",
        "-trace_stat", "-stf", str(stat), "-fd", "5",
        "-trace_err", "-error_file", str(out / f"{scenario.stem}-{did}-{level}.errors.log"),
    ]  # fmt: skip
    with (out / "sipp.log").open("ab") as log:
        result = subprocess.run(command, stdout=log, stderr=log, check=False, timeout=limit + 30)
    rows = stat.read_text().splitlines()
    header, last = rows[0].split(";"), rows[-1].split(";")
    values = dict(zip(header, last, strict=False))
    return {
        "exit": result.returncode,
        "attempted": int(values.get("TotalCallCreated", "0")),
        "sipp_ok": int(values.get("SuccessfulCall(C)", "0")),
        "sipp_failed": int(values.get("FailedCall(C)", "0")),
    }


def wait_quiet(pbx: Pbx) -> None:
    wait_idle(lambda: not pbx.ari("/channels"), 60)
    time.sleep(1.0)


def measure(
    pbx: Pbx,
    observer: LatencyObserver,
    *,
    side: str,
    scenario: str,
    path: Path,
    call_seconds: float,
    did: str,
    level: int,
    calls: int,
    out: Path,
) -> dict[str, Any]:
    wait_quiet(pbx)
    observer.take()
    visits_before = _visits(pbx, scenario)
    load_before = load_average()
    sampler = ProcSampler({"asterisk": pbx.asterisk_pid, "controller": pbx.process.pid}).start()
    profile = out / f"profile-{scenario}-{level}.txt"
    profiler = _profile(pbx, profile) if side == "controller" else None
    started = time.monotonic()
    sipp = run_sipp(pbx, path, did, level, calls, call_seconds, out)
    wait_quiet(pbx)
    usage = sampler.stop()
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)
        profiler.wait(60)
    elapsed = time.monotonic() - started
    traces = observer.take()
    finished = reached(traces, FINAL_PROMPT)
    latencies = reaction_latencies(traces)
    completed = min(sipp["sipp_ok"], finished)
    visits = _visits(pbx, scenario) - visits_before if side == "controller" else None
    failed = sipp["attempted"] - completed
    per_call = max(completed, 1)
    asterisk_cpu = usage["asterisk"].cpu_seconds
    controller_cpu = usage["controller"].cpu_seconds
    row: dict[str, Any] = {
        "side": side,
        "scenario": scenario,
        "level": level,
        "attempted": sipp["attempted"],
        "completed": completed,
        "failed": failed,
        "sipp": sipp,
        "reached_final_prompt": finished,
        "visits": visits,
        "latency_ms": percentiles([ms for ms, _, _ in latencies]),
        # The controller's own reaction (after `#`) apart from menu answers, which include
        # the deliberate settle time (app/calls/dialogs.py).
        "latency_ms_by_entry_end": {
            end: percentiles([ms for ms, _, e in latencies if e == end]) for end in ("#", "menu")
        },
        "latency_ms_by_next_prompt": {
            key: percentiles([ms for ms, k, _ in latencies if k == key])
            for key in sorted({k for _, k, _ in latencies})
        },
        "asterisk_cpu_ms_per_call": round(asterisk_cpu * 1000 / per_call, 1),
        "controller_cpu_ms_per_call": round(controller_cpu * 1000 / per_call, 1),
        "cpu_ms_per_call": round(
            (asterisk_cpu + (controller_cpu if side == "controller" else 0)) * 1000 / per_call, 1
        ),
        "asterisk_peak_rss_mb": round(usage["asterisk"].peak_rss_kb / 1024, 1),
        "controller_peak_rss_mb": round(usage["controller"].peak_rss_kb / 1024, 1),
        "seconds": round(elapsed, 1),
        "load_average_before": load_before,
        "load_average_after": load_average(),
    }
    # What the callers that did not get to the end heard and pressed, for diagnosis.
    row["unfinished_calls"] = [
        {
            "channel": trace.name,
            "marks": [[round(t, 3), kind, detail] for t, kind, detail in trace.marks],
        }
        for trace in traces.values()
        if trace.name.startswith("PJSIP/carrier-")
        and not any(kind == "prompt" and FINAL_PROMPT in d for _, kind, d in trace.marks)
    ][:5]
    row["zero_failures"] = failed == 0 and (visits is None or visits == completed)
    print(report.progress_line(row), flush=True)
    return row


def _profile(pbx: Pbx, target: Path) -> subprocess.Popen[bytes] | None:
    """BENCH_PROFILE=1: py-spy samples the controller for the run (it costs CPU itself,
    so profiled runs are for finding hot spots, not for the figures). BENCH_PROFILE_MODE
    replaces `--nonblocking`, e.g. `--native` to see uvloop's and SQLite's C frames (it
    pauses the process for each sample)."""
    if os.environ.get("BENCH_PROFILE") != "1":
        return None
    mode = os.environ.get("BENCH_PROFILE_MODE", "--nonblocking").split()
    command = ["py-spy", "record", "--pid", str(pbx.process.pid), "--format", "raw",
               "--rate", "100", *mode, "--threads", "--output", str(target)]  # fmt: skip
    spy = Path(sys.executable).parent / "py-spy"
    if spy.exists():
        command[0] = str(spy)
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _visits(pbx: Pbx, scenario: str) -> int:
    if scenario == "call-in":
        return pbx.query("SELECT count(*) FROM visit WHERE call_in_channel IS NOT NULL")
    return pbx.query("SELECT count(*) FROM visit WHERE call_out_channel IS NOT NULL")


def main() -> int:
    levels = [int(x) for x in os.environ.get("BENCH_LEVELS", "10,50,100,200").split(",") if x]
    waves = float(os.environ.get("BENCH_WAVES", "2"))
    scenarios = os.environ.get("BENCH_SCENARIOS", "call-in,call-out").split(",")
    sides = os.environ.get("BENCH_SIDES", "baseline,controller").split(",")
    root = Path(os.environ.get("SWITCHBOARD_RUNTIME", REPO_ROOT / "var")).resolve()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = root / "bench" / stamp
    (out / "scenarios").mkdir(parents=True, exist_ok=True)
    call_in, call_in_seconds = write_scenario(
        out / "scenarios", "call-in", call_in_steps(CAREGIVER, CLIENT)
    )
    call_out, call_out_seconds = write_scenario(
        out / "scenarios", "call-out", call_out_steps(CAREGIVER, CLIENT, SERVICE, TASK)
    )
    print(f"benchmark run {stamp}: levels {levels}, results in {out}", flush=True)
    pbx = start_pbx(out / "pbx")
    observer: LatencyObserver | None = None
    rows: list[dict[str, Any]] = []
    try:
        seed_agency(pbx)
        observer = LatencyObserver(pbx.ari_url, "switchboard", pbx.secrets["ari_password"]).start()
        for level in levels:
            in_calls = max(level, int(level * waves))
            common = {"level": level, "out": out}
            if "call-in" in scenarios:
                for side, did in (("baseline", BENCH_BASELINE_DID), ("controller", EVV_DID)):
                    if side not in sides:
                        continue
                    rows.append(
                        measure(
                            pbx, observer, side=side, scenario="call-in", path=call_in,
                            call_seconds=call_in_seconds, did=did, calls=in_calls, **common,
                        )
                    )  # fmt: skip
            if "call-out" in scenarios:
                rows.append(
                    measure(
                        pbx, observer, side="controller", scenario="call-out", path=call_out,
                        call_seconds=call_out_seconds, did=EVV_DID, calls=level, **common,
                    )
                )  # fmt: skip
    finally:
        if observer is not None:
            observer.stop()
        stop_process(pbx.process)
    meta = {
        "stamp": stamp,
        "levels": levels,
        "cpus": os.cpu_count(),
        "load_average_end": load_average(),
        "call_in_seconds": round(call_in_seconds, 1),
        "call_out_seconds": round(call_out_seconds, 1),
        "git": _git_head(),
    }
    summary = report.write_all(out, meta, rows)
    print(summary, flush=True)
    return 0


def _git_head() -> str:
    result = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
