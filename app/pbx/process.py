"""Start, probe and stop our own Asterisk as an ordinary process."""

from __future__ import annotations

import asyncio
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class AsteriskError(RuntimeError):
    pass


@dataclass
class Asterisk:
    binary: Path
    config: Path
    log_file: Path
    process: subprocess.Popen[bytes] | None = None

    def cli(self, command: str, timeout: float = 10.0) -> str:
        """Run an operator CLI command against the running Asterisk (`asterisk -rx`)."""
        result = subprocess.run(
            [str(self.binary), "-C", str(self.config), "-rx", command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise AsteriskError(f"asterisk -rx {command!r} failed: {result.stderr.strip()}")
        return result.stdout

    def is_running(self) -> bool:
        try:
            self.cli("core show version", timeout=5)
        except (AsteriskError, subprocess.TimeoutExpired):
            return False
        return True

    async def start(self, ready_timeout: float = 60.0) -> None:
        if not self.binary.exists():
            raise AsteriskError(f"no Asterisk at {self.binary}: run `make asterisk` to build it")
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: ASYNC220 - returns at once; Asterisk runs on
                [str(self.binary), "-C", str(self.config), "-f", "-n"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        await self.wait_ready(ready_timeout)

    async def wait_ready(self, timeout: float) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise AsteriskError(
                    f"Asterisk exited with {self.process.returncode}; see {self.log_file}"
                )
            try:
                await asyncio.to_thread(self.cli, "core waitfullybooted", 15)
                return
            except (AsteriskError, subprocess.TimeoutExpired):
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise AsteriskError(f"Asterisk not ready after {timeout:.0f}s; see {self.log_file}")
            await asyncio.sleep(0.2)

    async def stop(self, timeout: float = 15.0) -> None:
        """Stop Asterisk if we started it: gracefully, then by signal."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            await asyncio.to_thread(self.cli, "core stop now", 10)
        except (AsteriskError, subprocess.TimeoutExpired):
            process.terminate()
        try:
            await asyncio.to_thread(process.wait, timeout)
        except subprocess.TimeoutExpired:
            log.warning("Asterisk did not stop in %.0fs; killing it", timeout)
            process.kill()
            await asyncio.to_thread(process.wait, 5)
