"""A private PBX whose parts a fault test can kill and restart one by one.

Asterisk runs as its own process (config rendered by `switchboard render-config`), the
controller as `python -m app.cli serve` in another, so a test can SIGKILL the controller
or restart Asterisk while calls are up. Free ports, a runtime folder of its own.
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
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import REPO_ROOT, load_secrets
from app.systems.evv.dids import EVV_NUMBER
from tests.harness.dialog import Caller
from tests.harness.observer import AriObserver
from tests.harness.open_files import wait_until_closed
from tests.harness.pbx import free_port, free_udp_range
from tests.harness.phone import SipStack


@dataclass
class FaultPbx:
    runtime: Path
    env: dict[str, str]
    sip_port: int
    http_port: int
    ami_port: int
    secrets: dict[str, str] = field(default_factory=dict)
    asterisk: subprocess.Popen[bytes] | None = None
    controller: subprocess.Popen[bytes] | None = None
    controller_starts: int = 0

    # -- set-up -------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        runtime: Path,
        database_url: str | None = None,
        *,
        carrier_port: int | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> FaultPbx:
        """`carrier_port`: where the test SIP stack listens as the carrier for calls the
        PBX places out (masked calling)."""
        prefix = Path(os.environ.get("ASTERISK_PREFIX", "/opt/switchboard/asterisk"))
        if not (prefix / "sbin" / "asterisk").exists():
            raise AssertionError(f"Asterisk is not installed at {prefix}: run `make asterisk`")
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
        )
        env.pop("DATABASE_URL", None)
        if database_url is not None:
            env["DATABASE_URL"] = database_url
        if carrier_port is not None:
            env["SWITCHBOARD_CARRIER_URI"] = f"sip:127.0.0.1:{carrier_port}"
        env.update(extra_env or {})
        pbx = cls(runtime, env, sip, http, ami)
        pbx.cli_command("render-config")
        pbx.secrets = load_secrets(runtime / "secrets.env")
        pbx.cli_command("seed-demo")
        return pbx

    def cli_command(self, *args: str, timeout: float = 60) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"switchboard {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    # -- Asterisk -------------------------------------------------------------------------
    @property
    def asterisk_conf(self) -> Path:
        return self.runtime / "etc" / "asterisk.conf"

    @property
    def asterisk_binary(self) -> Path:
        return Path(self.env["ASTERISK_PREFIX"]) / "sbin" / "asterisk"

    def start_asterisk(self, timeout: float = 60) -> None:
        out = (self.runtime / "asterisk.out").open("ab")
        self.asterisk = subprocess.Popen(
            [str(self.asterisk_binary), "-C", str(self.asterisk_conf), "-f", "-n"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.asterisk.poll() is not None:
                raise AssertionError(f"Asterisk exited with {self.asterisk.returncode}")
            result = subprocess.run(
                [
                    str(self.asterisk_binary),
                    "-C",
                    str(self.asterisk_conf),
                    "-rx",
                    "core waitfullybooted",
                ],
                capture_output=True,
                timeout=20,
                check=False,
            )
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"Asterisk not ready in {timeout:.0f}s")
            time.sleep(0.2)

    def stop_asterisk(self) -> None:
        process = self.asterisk
        if process is None or process.poll() is not None:
            return
        self.asterisk_cli("core stop now")
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)

    def asterisk_cli(self, command: str) -> str:
        result = subprocess.run(
            [str(self.asterisk_binary), "-C", str(self.asterisk_conf), "-rx", command],
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
        return result.stdout

    # -- controller -------------------------------------------------------------------------
    @property
    def controller_log(self) -> Path:
        return self.runtime / "controller.log"

    def log(self) -> str:
        return (
            self.controller_log.read_text(errors="replace") if self.controller_log.exists() else ""
        )

    def start_controller(self, timeout: float = 30) -> float:
        """Start `switchboard serve`; returns the seconds until its ARI events connected."""
        connected_before = self.log().count("ARI events connected")
        began = time.monotonic()
        out = self.controller_log.open("ab")
        self.controller = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.controller_starts += 1
        self.wait_log("ARI events connected", connected_before + 1, timeout)
        return time.monotonic() - began

    def wait_log(self, text: str, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if self.controller is not None and self.controller.poll() is not None:
                raise AssertionError(f"controller exited:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{text!r} x{count} not logged in {timeout:.0f}s:\n{self.log()[-3000:]}"
                )
            time.sleep(0.1)

    def kill_controller(self) -> None:
        """SIGKILL: no goodbye, no drain, nothing flushed."""
        assert self.controller is not None
        os.killpg(self.controller.pid, signal.SIGKILL)
        self.controller.wait(10)

    def stop_controller(self) -> None:
        process = self.controller
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)

    def stop(self) -> None:
        try:
            self.stop_controller()
        finally:
            self.stop_asterisk()
            subprocess.run(["pkill", "-9", "-f", "--", f"-C {self.asterisk_conf}"], check=False)

    # -- looking inside ---------------------------------------------------------------------
    @property
    def ari_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def ari(
        self, path: str, method: str = "GET", user: str = "switchboard", password: str | None = None
    ) -> Any:
        request = urllib.request.Request(self.ari_url + "/ari" + path, method=method)
        secret = self.secrets["ari_password"] if password is None else password
        token = base64.b64encode(f"{user}:{secret}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read() or b"null")

    def channels(self) -> list[dict[str, Any]]:
        try:
            return list(self.ari("/channels"))
        except (urllib.error.URLError, OSError):
            return []

    @property
    def recordings_dir(self) -> Path:
        return self.runtime / "spool" / "recording"

    @property
    def sqlite_path(self) -> Path:
        return self.runtime / "switchboard.db"

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with sqlite3.connect(self.sqlite_path, timeout=10) as connection:
            connection.row_factory = sqlite3.Row
            return list(connection.execute(sql, params))

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """Run one write; returns the new row's id."""
        with sqlite3.connect(self.sqlite_path, timeout=10) as connection:
            return int(connection.execute(sql, params).lastrowid or 0)


@contextmanager
def running(pbx: FaultPbx) -> Iterator[FaultPbx]:
    """Asterisk and the controller up for the block, both stopped after it."""
    try:
        pbx.start_asterisk()
        pbx.start_controller()
        yield pbx
    finally:
        pbx.stop()


def observe(pbx: FaultPbx) -> AriObserver:
    return AriObserver(pbx.ari_url, "switchboard", pbx.secrets["ari_password"]).start()


def dialer(pbx: FaultPbx, sip: SipStack, observer: AriObserver) -> Callable[..., Caller]:
    sip.pbx_port = pbx.sip_port

    def place(number: str = EVV_NUMBER, caller: str = "5550001001") -> Caller:
        phone = sip.phone(caller, pbx.secrets["carrier_password"], auth_user="carrier")
        mark = observer.mark()
        # Recorded: PJSUA clocks a call's media (and so sends its DTMF) only when
        # something is attached to it.
        call = phone.dial(number)
        return Caller(sip, observer, call, mark, "PJSIP/carrier-")

    return place


def assert_no_leaks(pbx: FaultPbx, sip: SipStack, timeout: float = 15) -> None:
    sip.hang_up_all()
    deadline = time.monotonic() + timeout
    channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    while (channels or bridges) and time.monotonic() < deadline:
        sip.pump(0.2)
        channels, bridges = pbx.ari("/channels"), pbx.ari("/bridges")
    assert not channels, f"channels left behind: {[c['name'] for c in channels]}"
    assert not bridges, f"bridges left behind: {[b['id'] for b in bridges]}"
    assert_no_open_recordings(pbx)


def assert_no_open_recordings(pbx: FaultPbx) -> None:
    """Neither Asterisk nor the controller holds a file under the recordings folder open
    (a recording never stopped, or stopped but never closed)."""
    processes = {
        name: process.pid
        for name, process in (("asterisk", pbx.asterisk), ("controller", pbx.controller))
        if process is not None and process.poll() is None
    }
    held = wait_until_closed(processes, pbx.recordings_dir)
    assert not held, f"recordings left open: {held}"
