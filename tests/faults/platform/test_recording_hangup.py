"""Hang-ups in the middle of a recording: the file is finished and nothing holds it open.

ARI cannot list live recordings, so a recording Asterisk never closed would go unnoticed
but for the file descriptor it keeps on the file (and a WAV header that still says the
file is empty). Each test first sees Asterisk hold the recording open while it is made, so
the check is known to see what it looks for, then hangs up mid-recording and checks
/proc/<pid>/fd of Asterisk and of the controller and the file's header and audio.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.systems.masking.demo import DEMO_SHOPPER_ONE
from app.systems.masking.dids import MASKING_ACCESS_NUMBER
from tests.harness.dialog import Caller, write_tone
from tests.harness.evv_calls import enter_service_and_tasks, start_call_out
from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, assert_no_open_recordings, running
from tests.harness.masking_calls import connect
from tests.harness.open_files import asterisk_pid, open_files_under
from tests.harness.pbx import MASKING_TEST_ENV
from tests.harness.phone import SipStack
from tests.harness.recording_file import read_wav
from tests.harness.tones import tone_seconds
from tests.harness.tones import write_tone as write_pure_tone

SHOPPER_TONE, CALLEE_TONE = 440.0, 1250.0
SPOKEN_SECONDS = 3.0


@pytest.fixture(scope="module")
def pbx(tmp_path_factory: pytest.TempPathFactory, sip: SipStack) -> Iterator[FaultPbx]:
    created = FaultPbx.create(
        tmp_path_factory.mktemp("pbx"), carrier_port=sip.local_port, extra_env=MASKING_TEST_ENV
    )
    with running(created) as pbx:
        yield pbx


@pytest.fixture(scope="module")
def sounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sounds")
    return {
        "voice": write_tone(folder / "voice.wav", 8.0),
        "shopper": write_pure_tone(folder / "shopper.wav", SHOPPER_TONE),
        "callee": write_pure_tone(folder / "callee.wav", CALLEE_TONE),
    }


def wait_row(pbx: FaultPbx, sql: str, params: tuple[Any, ...], timeout: float = 15) -> sqlite3.Row:
    deadline = time.monotonic() + timeout
    while not (rows := pbx.query(sql, params)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no row for {sql} {params} in {timeout:.0f}s")
        time.sleep(0.2)
    return rows[0]


def held_by_asterisk(pbx: FaultPbx) -> list[str]:
    return open_files_under(asterisk_pid(pbx.runtime), pbx.recordings_dir)


def open_call_in(pbx: FaultPbx, caregiver: str, client: str) -> int:
    """A caregiver of its own with a call-in an hour ago, for the call-out to close."""
    [agency] = pbx.query("SELECT id FROM agency WHERE account_number = '100200'")
    caregiver_id = pbx.execute(
        "INSERT INTO caregiver (agency_id, code, name, active) VALUES (?, ?, ?, 1)",
        (agency["id"], caregiver, f"Test caregiver {caregiver}"),
    )
    [row] = pbx.query("SELECT id FROM client WHERE code = ?", (client,))
    stamp = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    return pbx.execute(
        "INSERT INTO visit (agency_id, caregiver_id, client_id, group_visit, call_in_at, "
        "call_in_number, call_in_location_matched, call_in_channel, created_at) "
        "VALUES (?, ?, ?, 0, ?, '5550001003', 1, ?, ?)",
        (agency["id"], caregiver_id, row["id"], stamp, f"test-{stamp}", stamp),
    )


def test_caller_hangs_up_while_the_client_voice_is_recorded(
    pbx: FaultPbx, sip: SipStack, dial: Callable[..., Caller], sounds: dict[str, Path]
) -> None:
    visit_id = open_call_in(pbx, "7101", "1003")
    recording = (pbx.recordings_dir / f"evv-visit-{visit_id}.wav").resolve()
    caller = dial(caller="5550001003")
    start_call_out(caller, "en", "7101", "1003")
    enter_service_and_tasks(caller, "en", ["01"])
    caller.expect("evv-record-or-skip")
    caller.press("1")
    caller.expect("evv-client-say-name")
    caller.expect_recording()
    # The client speaks (an 8 s tone); the phone hangs up part-way through.
    caller.say(sounds["voice"], SPOKEN_SECONDS)
    assert held_by_asterisk(pbx) == [str(recording)], "the live recording is not seen"
    header_while_recording = read_wav(recording)
    began = time.monotonic()
    caller.hang_up()

    assert_no_open_recordings(pbx)
    closed_after = time.monotonic() - began
    wav = read_wav(recording)
    assert wav.complete, wav
    assert SPOKEN_SECONDS - 1.5 < wav.seconds < SPOKEN_SECONDS + 2.5, wav
    assert wav.rms > 300, wav
    # What the client said before the hang-up is kept as the visit's voice evidence.
    visit = dict(
        wait_row(
            pbx,
            "SELECT * FROM visit WHERE id = ? AND client_voice_path IS NOT NULL",
            (visit_id,),
        )
    )
    assert visit["call_out_channel"] == caller.channel_id
    assert Path(visit["client_voice_path"]).resolve() == recording
    print(
        f"\nEVV voice cut by a hang-up: {wav.seconds:.2f}s, RMS {wav.rms:.0f}, "
        f"{wav.size} bytes; header while recording said RIFF {header_while_recording.riff_size} "
        f"/ data {header_while_recording.data_size} of {header_while_recording.size} bytes; "
        f"no fd {closed_after:.2f}s after the hang-up; visit verification "
        f"{visit['client_verification']!r}, voice path {visit['client_voice_path']!r}"
    )
    assert_no_leaks(pbx, sip)


@pytest.mark.parametrize("hangs_up", ["callee", "shopper"])
def test_hang_up_in_the_middle_of_a_recorded_masked_call(
    pbx: FaultPbx,
    sip: SipStack,
    dial: Callable[..., Caller],
    sounds: dict[str, Path],
    hangs_up: str,
) -> None:
    shopper = dial(MASKING_ACCESS_NUMBER, caller=DEMO_SHOPPER_ONE)
    shopper.expect("masking-enter-destination")
    callee = connect(shopper, sip, "221234567", sounds)
    row = wait_row(
        pbx,
        "SELECT * FROM masked_call WHERE channel_id = ? AND answered_at IS NOT NULL",
        (shopper.channel_id,),
    )
    recording = (pbx.recordings_dir / f"{row['recording_name']}.wav").resolve()
    sip.pump(3.0)
    assert held_by_asterisk(pbx) == [str(recording)], "the live recording is not seen"

    began = time.monotonic()
    if hangs_up == "callee":
        callee.call.hangup()
        shopper.wait_hangup(timeout=10)
    else:
        shopper.hang_up()
        sip.wait_until(lambda: callee.call.disconnected, 10, "the callee to be hung up")

    assert_no_open_recordings(pbx)
    closed_after = time.monotonic() - began
    done = wait_row(
        pbx, "SELECT * FROM masked_call WHERE id = ? AND ended_at IS NOT NULL", (row["id"],)
    )
    assert done["outcome"] == "answered"
    assert Path(done["recording_path"]).resolve() == recording
    wav = read_wav(recording)
    assert wav.complete, wav
    assert wav.seconds >= 2.5 and wav.rms > 300, wav
    assert abs(done["recording_seconds"] - wav.seconds) < 1.5, (done["recording_seconds"], wav)
    # Both parties up to the hang-up, in the one file.
    shopper_heard = tone_seconds(recording, SHOPPER_TONE)
    callee_heard = tone_seconds(recording, CALLEE_TONE)
    assert shopper_heard > 1.5 and callee_heard > 1.5, (shopper_heard, callee_heard)
    print(
        f"\nmasked call, {hangs_up} hung up: recording {wav.seconds:.2f}s "
        f"(row says {done['recording_seconds']}), shopper tone {shopper_heard:.2f}s, callee "
        f"tone {callee_heard:.2f}s; no fd {closed_after:.2f}s after the hang-up"
    )
    assert_no_leaks(pbx, sip)
