"""A private PBX for the test session: our Asterisk and controller on free ports."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import REPO_ROOT, load_secrets


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_udp_range(size: int) -> int:
    """A run of free UDP ports for RTP (even start)."""
    for _ in range(50):
        start = free_port(socket.SOCK_DGRAM) & ~1
        if start + size > 65000:
            continue
        sockets = []
        try:
            for port in range(start, start + size, 2):
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return start
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free UDP range for RTP")


@dataclass
class Pbx:
    runtime: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    sip_port: int
    http_port: int
    ami_port: int
    secrets: dict[str, str]

    @property
    def ari_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.env['SWITCHBOARD_CONSOLE_PORT']}"

    @property
    def database(self) -> Path:
        return self.runtime / "switchboard.db"

    @property
    def asterisk_conf(self) -> Path:
        return self.runtime / "etc" / "asterisk.conf"

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with sqlite3.connect(self.database, timeout=10) as connection:
            connection.row_factory = sqlite3.Row
            return list(connection.execute(sql, params))

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """Run one write; returns the new row's id."""
        with sqlite3.connect(self.database, timeout=10) as connection:
            cursor = connection.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def wait_rows(
        self, sql: str, params: tuple[Any, ...], count: int, timeout: float = 15
    ) -> list[sqlite3.Row]:
        deadline = time.monotonic() + timeout
        rows = self.query(sql, params)
        while len(rows) < count and time.monotonic() < deadline:
            time.sleep(0.2)
            rows = self.query(sql, params)
        return rows

    def ari(self, path: str) -> Any:
        import base64
        import json

        request = urllib.request.Request(self.ari_url + "/ari" + path)
        token = base64.b64encode(f"switchboard:{self.secrets['ari_password']}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read() or b"null")

    def asterisk_cli(self, command: str) -> str:
        binary = Path(self.env["ASTERISK_PREFIX"]) / "sbin" / "asterisk"
        result = subprocess.run(
            [str(binary), "-C", str(self.asterisk_conf), "-rx", command],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout

    def admin(self, *args: str) -> str:
        """Run the admin CLI (`switchboard ...`) against this PBX's database and Asterisk."""
        result = subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"switchboard {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def log(self) -> str:
        return (self.runtime / "controller.log").read_text(errors="replace")


# Short ring timeouts keep the unanswered-call tests fast.
MASKING_TEST_ENV = {
    "SWITCHBOARD_MASKING_RING_TIMEOUT": "4",
    "SWITCHBOARD_MASKING_CALLBACK_RING_TIMEOUT": "3",
    "SWITCHBOARD_MASKING_MAX_CALLS_PER_HOUR": "500",
    "SWITCHBOARD_SMS_RETRY_SECONDS": "1",
}


def start_pbx(runtime: Path, *, carrier_port: int | None = None, sms_url: str = "") -> Pbx:
    """`carrier_port`: where the test SIP stack listens, acting as the carrier for every
    call the PBX places out through the trunk (None: the default URI, for a PBX that never
    dials out). `sms_url`: the test SMS gateway ("" logs SMS instead)."""
    prefix = Path(os.environ.get("ASTERISK_PREFIX", "/opt/switchboard/asterisk"))
    if not (prefix / "sbin" / "asterisk").exists():
        raise AssertionError(
            f"Asterisk is not installed at {prefix}: run `make asterisk` (e2e tests never skip)"
        )
    sip, http, ami = free_port(socket.SOCK_DGRAM), free_port(), free_port()
    rtp = free_udp_range(200)
    env = dict(os.environ)
    env.update(
        SWITCHBOARD_RUNTIME=str(runtime),
        SWITCHBOARD_SIP_PORT=str(sip),
        SWITCHBOARD_HTTP_PORT=str(http),
        SWITCHBOARD_AMI_PORT=str(ami),
        SWITCHBOARD_CONSOLE_PORT=str(free_port()),
        SWITCHBOARD_RTP_START=str(rtp),
        SWITCHBOARD_RTP_END=str(rtp + 199),
        ASTERISK_PREFIX=str(prefix),
        SWITCHBOARD_LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
        SWITCHBOARD_SMS_URL=sms_url,
        SWITCHBOARD_SMS_AUTH_HEADER="Bearer test-sms-token",
        **MASKING_TEST_ENV,
    )
    env.pop("DATABASE_URL", None)
    if carrier_port is not None:
        env["SWITCHBOARD_CARRIER_URI"] = f"sip:127.0.0.1:{carrier_port}"
    log = (runtime / "controller.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "run"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pbx = Pbx(runtime, env, process, sip, http, ami, load_secrets(runtime / "secrets.env"))
    deadline = time.monotonic() + 90
    while "Switchboard is running." not in pbx.log():
        if process.poll() is not None:
            raise AssertionError(f"switchboard run exited early:\n{pbx.log()[-3000:]}")
        if time.monotonic() > deadline:
            stop_pbx(pbx)
            raise AssertionError(f"PBX not ready in 90s:\n{pbx.log()[-3000:]}")
        time.sleep(0.2)
    # Read again once running: the demo seed adds the console staff's passwords.
    pbx.secrets = load_secrets(runtime / "secrets.env", generate=False)
    return pbx


def stop_pbx(pbx: Pbx) -> None:
    if pbx.process.poll() is None:
        pbx.process.send_signal(signal.SIGTERM)
        try:
            pbx.process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(pbx.process.pid, signal.SIGKILL)
    # Whatever happened, leave no Asterisk of ours running.
    subprocess.run(["pkill", "-9", "-f", "--", f"-C {pbx.asterisk_conf}"], check=False)
