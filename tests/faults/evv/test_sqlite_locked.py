"""Fault 3 on SQLite: another process holds the database's write lock during an EVV call-in.

The lock is real: this test process opens the PBX's SQLite file and runs BEGIN EXCLUSIVE
with a write in it, as a long admin import would (in WAL mode the controller can still
read, so the caller gets as far as the client ID; the visit's INSERT is what waits). The
controller's writes wait out the busy timeout, set to 3 s here
(SWITCHBOARD_SQLITE_BUSY_TIMEOUT_MS; 10 s by default) to keep the test short:

- a lock released within it only delays the visit, which is written once, and the caller
  hears the next prompt;
- a lock held past it is an outage: the caller hears "technical difficulty", no visit is
  written, and the next call after the lock goes works without a restart.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.harness.dialog import Caller
from tests.harness.evv_calls import call_in_until_clients
from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, running
from tests.harness.phone import SipStack

BUSY_TIMEOUT = 3.0
VISITS = "SELECT call_in_channel FROM visit WHERE call_in_channel = ?"


@pytest.fixture(scope="module")
def pbx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultPbx]:
    created = FaultPbx.create(
        tmp_path_factory.mktemp("pbx"),
        extra_env={"SWITCHBOARD_SQLITE_BUSY_TIMEOUT_MS": str(int(BUSY_TIMEOUT * 1000))},
    )
    with running(created) as pbx:
        yield pbx


class WriteLock:
    """BEGIN EXCLUSIVE on the PBX's database from this process, with a caregiver added in
    it (committed on release), until `release()`."""

    def __init__(self, database: Path, code: str) -> None:
        self.connection = sqlite3.connect(database, isolation_level=None, timeout=10)
        self.connection.execute("BEGIN EXCLUSIVE")
        self.connection.execute(
            "INSERT INTO caregiver (agency_id, code, name, active) "
            "SELECT id, ?, 'Imported while locked', 1 FROM agency WHERE account_number = ?",
            (code, "100200"),
        )
        self.taken = time.monotonic()

    def visits(self, channel_id: str) -> list[Any]:
        """What the lock holder sees: the controller's visit cannot be there yet."""
        return list(self.connection.execute(VISITS, (channel_id,)))

    def release(self) -> float:
        """Commit; returns how long the lock was held."""
        self.connection.execute("COMMIT")
        self.connection.close()
        return time.monotonic() - self.taken


def visits(pbx: FaultPbx, channel_id: str) -> list[str]:
    return [row["call_in_channel"] for row in pbx.query(VISITS, (channel_id,))]


def event_time(event: dict[str, Any]) -> datetime:
    return datetime.strptime(str(event["timestamp"]), "%Y-%m-%dT%H:%M:%S.%f%z")


def is_hash(caller: Caller, event: dict[str, Any]) -> bool:
    return bool(
        event.get("type") == "ChannelDtmfReceived"
        and event["channel"]["id"] == caller.channel_id
        and event["digit"] == "#"
    )


def is_prompt(caller: Caller, event: dict[str, Any], key: str) -> bool:
    playback = event.get("playback") or {}
    return bool(
        event.get("type") == "PlaybackStarted"
        and playback.get("target_uri") == f"channel:{caller.channel_id}"
        and str(playback.get("media_uri", "")).endswith(f"/{key}")
    )


def wait_for_hash(caller: Caller) -> None:
    """Until Asterisk has passed the `#` that ends the entry on to the controller."""
    caller.observer.wait_for(
        lambda event: is_hash(caller, event), caller.mark, 10, lambda: caller.listen(0.02)
    )


def seconds_from_hash_to_prompt(caller: Caller, key: str) -> float:
    """Asterisk's own clock: the last `#` → the prompt `key` starting after it."""
    events = caller.observer.since(caller.mark)
    hashes = [event_time(e) for e in events if is_hash(caller, e)]
    prompts = [event_time(e) for e in events if is_prompt(caller, e, key)]
    assert hashes and prompts, (hashes, prompts)
    return (prompts[-1] - hashes[-1]).total_seconds()


def cdr_count(pbx: FaultPbx, channel_id: str, timeout: float = 30) -> int:
    """CDRs stored for a caller's channel, once at least one has arrived."""
    deadline = time.monotonic() + timeout
    sql = "SELECT count(*) AS n FROM cdr WHERE unique_id = ?"
    while (count := int(pbx.query(sql, (channel_id,))[0]["n"])) == 0:
        if time.monotonic() > deadline:
            break
        time.sleep(0.3)
    return count


def test_lock_shorter_than_the_busy_timeout_only_delays_the_visit(
    pbx: FaultPbx, sip: SipStack, dial: Callable[..., Caller]
) -> None:
    caller = dial(caller="5550001001")
    call_in_until_clients(caller)
    lock = WriteLock(pbx.sqlite_path, "8101")
    caller.press("1001#")
    wait_for_hash(caller)
    # From here the visit's INSERT waits on the lock: hold it for half the busy timeout.
    caller.listen(BUSY_TIMEOUT / 2)
    assert lock.visits(caller.channel_id) == []
    assert "en/evv-next-client" not in caller.prompts(), "written through the lock?"
    held = lock.release()
    caller.expect("evv-next-client", timeout=BUSY_TIMEOUT + 5)
    waited = seconds_from_hash_to_prompt(caller, "evv-next-client")
    caller.hang_up()

    assert "technical-difficulty" not in " ".join(caller.prompts())
    assert visits(pbx, caller.channel_id) == [caller.channel_id]
    assert len(pbx.query("SELECT id FROM caregiver WHERE code = '8101'")) == 1
    # The visit really waited for the lock (a free database answers in milliseconds).
    assert BUSY_TIMEOUT / 3 < waited < BUSY_TIMEOUT, waited
    assert cdr_count(pbx, caller.channel_id) == 1
    print(
        f"\nSQLite lock held {held:.2f}s (busy timeout {BUSY_TIMEOUT:.0f}s): visit written "
        f"once, next prompt {waited:.2f}s after the '#'"
    )
    assert_no_leaks(pbx, sip)


def test_lock_longer_than_the_busy_timeout_apologises_then_recovers(
    pbx: FaultPbx, sip: SipStack, dial: Callable[..., Caller]
) -> None:
    assert pbx.controller is not None
    controller_pid = pbx.controller.pid
    a = dial(caller="5550001002")
    call_in_until_clients(a)
    lock = WriteLock(pbx.sqlite_path, "8102")
    a.press("1002#")
    a.expect("technical-difficulty", timeout=BUSY_TIMEOUT + 10)
    waited = seconds_from_hash_to_prompt(a, "technical-difficulty")
    a.wait_hangup(timeout=20)
    assert lock.visits(a.channel_id) == []
    held = lock.release()

    assert visits(pbx, a.channel_id) == [], "partial visit written"
    assert "evv-next-client" not in " ".join(a.prompts())
    assert BUSY_TIMEOUT * 0.9 < waited < BUSY_TIMEOUT + 5, waited
    log = pbx.log()
    assert "EVV store unavailable" in log and "database is locked" in log

    b = dial(caller="5550001003")
    call_in_until_clients(b)
    b.press("1003#")
    b.expect("evv-next-client", timeout=10)
    b.hang_up()
    assert visits(pbx, b.channel_id) == [b.channel_id]
    assert pbx.controller.poll() is None and pbx.controller.pid == controller_pid
    assert pbx.controller_starts == 1, "recovered by restarting the controller"
    # The caller's CDR came while the lock was still held: the CDR writer's retries
    # outlast it, so it is stored, once.
    assert cdr_count(pbx, a.channel_id) == 1
    assert cdr_count(pbx, b.channel_id) == 1
    print(
        f"\nSQLite lock held {held:.2f}s (busy timeout {BUSY_TIMEOUT:.0f}s): "
        f"technical-difficulty {waited:.2f}s after the '#'; no visit; next call's visit "
        "written without a restart"
    )
    assert_no_leaks(pbx, sip)
