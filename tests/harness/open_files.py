"""Files a process holds open, read from /proc/<pid>/fd.

ARI cannot list live recordings, so a recording Asterisk never closed shows up only as an
open file descriptor on the file; so would a recording the controller opened and forgot.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path


def open_files_under(pid: int, folder: Path) -> list[str]:
    """Paths under `folder` that process `pid` (any of its threads) has open."""
    root = str(folder.resolve()) + os.sep
    found: list[str] = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed while we looked
            continue
        if target.startswith(root):
            found.append(target)
    return sorted(found)


def asterisk_pid(runtime: Path) -> int:
    """The Asterisk of a runtime folder, from the pid file it writes into `run/`."""
    return int((runtime / "run" / "asterisk.pid").read_text().strip())


def wait_until_closed(
    processes: Mapping[str, int], folder: Path, timeout: float = 5
) -> dict[str, list[str]]:
    """What each process still holds open under `folder` once `timeout` has passed (or at
    once when nothing is open): Asterisk closes a recording shortly after the call ends."""
    deadline = time.monotonic() + timeout
    while True:
        held = {name: open_files_under(pid, folder) for name, pid in processes.items()}
        held = {name: paths for name, paths in held.items() if paths}
        if not held or time.monotonic() > deadline:
            return held
        time.sleep(0.1)
