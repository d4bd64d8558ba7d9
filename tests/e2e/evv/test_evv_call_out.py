"""EVV call-out over real SIP, in three languages: service, tasks, `00`, the client's
voice (the phone plays a WAV into the call) and the client's verification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.systems.evv.dids import EVV_NUMBER
from tests.harness.dialog import Caller, audio_level, write_tone
from tests.harness.evv_calls import enter_service_and_tasks, start_call_out
from tests.harness.pbx import Pbx

VOICE_SECONDS = 3.0


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tone(tmp_path_factory.mktemp("voice") / "client.wav", VOICE_SECONDS)


def new_caregiver(pbx: Pbx, code: str) -> str:
    """A caregiver of the demo agency that only this test uses, so visits of other tests
    (which share the session's PBX) can never be the open call-in a call-out closes."""
    [agency] = pbx.query("SELECT id FROM agency WHERE account_number = '100200'")
    pbx.execute(
        "INSERT INTO caregiver (agency_id, code, name, active) VALUES (?, ?, ?, 1)",
        (agency["id"], code, f"Test caregiver {code}"),
    )
    return code


def open_call_in(pbx: Pbx, caregiver: str, client: str, minutes_ago: int) -> int:
    """A call-in made earlier today (written directly: the call-in flow has its own tests)."""
    at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")
    [ids] = pbx.query(
        "SELECT g.agency_id, g.id AS caregiver_id, c.id AS client_id FROM caregiver g "
        "JOIN client c ON c.agency_id = g.agency_id WHERE g.code = ? AND c.code = ?",
        (caregiver, client),
    )
    return pbx.execute(
        "INSERT INTO visit (agency_id, caregiver_id, client_id, group_visit, call_in_at, "
        "call_in_number, call_in_location_matched, call_in_channel, created_at) "
        "VALUES (?, ?, ?, 0, ?, '5550001003', 1, ?, ?)",
        (ids["agency_id"], ids["caregiver_id"], ids["client_id"], stamp, f"test-{stamp}", stamp),
    )


def client_speaks(caller: Caller, lang: str, voice: Path) -> None:
    caller.expect("evv-record-or-skip", lang=lang)
    caller.press("1")
    caller.expect("evv-client-say-name", lang=lang)
    caller.expect_recording()
    caller.say(voice, VOICE_SECONDS + 0.3)
    caller.press("#")


def visit_row(pbx: Pbx, visit_id: int) -> dict[str, object]:
    [row] = pbx.query("SELECT * FROM visit WHERE id = ?", (visit_id,))
    return dict(row)


def exceptions(pbx: Pbx, visit_id: int) -> set[str]:
    rows = pbx.query("SELECT code FROM visit_exception WHERE visit_id = ?", (visit_id,))
    return {row["code"] for row in rows}


def tasks_of(pbx: Pbx, visit_id: int) -> list[str]:
    rows = pbx.query(
        "SELECT t.code FROM visit_task vt JOIN task t ON t.id = vt.task_id "
        "WHERE vt.visit_id = ? ORDER BY vt.position",
        (visit_id,),
    )
    return [row["code"] for row in rows]


def test_call_out_in_english_with_voice_and_verification(
    dial: Callable[..., Caller], pbx: Pbx, voice: Path
) -> None:
    caregiver = new_caregiver(pbx, "7001")
    visit_id = open_call_in(pbx, caregiver, "1003", minutes_ago=95)
    caller = dial(EVV_NUMBER, caller="5550001003")
    start_call_out(caller, "en", caregiver, "1003")
    enter_service_and_tasks(caller, "en", ["01", "02"])
    client_speaks(caller, "en", voice)
    caller.expect("evv-call-in-at", lang="en")
    caller.expect("evv-confirm-reject-replay", lang="en")
    caller.press("1")
    caller.expect("evv-service-provided", lang="en")
    caller.press("1")
    caller.expect("evv-next-client", lang="en")
    caller.hang_up()

    visit = visit_row(pbx, visit_id)
    assert visit["call_out_channel"] == caller.channel_id
    assert (visit["times_verdict"], visit["service_verdict"]) == ("confirmed", "confirmed")
    assert visit["client_verification"] == "recorded"
    assert tasks_of(pbx, visit_id) == ["01", "02"]
    assert exceptions(pbx, visit_id) == set()
    heard = caller.prompts()
    duration = heard.index("en/evv-total-duration")
    assert heard[duration + 1 : duration + 3] == ["en/num-90", "en/num-5"], heard[duration:]

    recording = Path(str(visit["client_voice_path"]))
    assert recording.exists(), recording
    seconds, rms = audio_level(recording)
    assert abs(seconds - VOICE_SECONDS) < 1.5 and rms > 300, (seconds, rms)


def test_call_out_in_spanish_with_retry_and_start_over(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    caller = dial(EVV_NUMBER, caller="5550001004")
    start_call_out(caller, "es", new_caregiver(pbx, "7002"), "1004")
    caller.expect("evv-enter-service", lang="es")
    caller.press("20#")
    caller.expect("evv-accept-or-retry", lang="es")
    caller.press("2")  # wrong service: enter it again
    caller.expect("evv-enter-service", lang="es")
    caller.press("10#")
    caller.expect("evv-accept-or-retry", lang="es")
    caller.press("1")
    caller.expect("evv-enter-task-count", lang="es")
    caller.press("2#")
    caller.expect("evv-enter-task", lang="es")
    caller.press("01#")
    caller.expect("evv-enter-task", lang="es")
    caller.press("00#")  # start over
    caller.expect("evv-starting-over", lang="es")
    caller.press("1#")
    caller.expect("evv-enter-task", lang="es")
    caller.press("03#")
    caller.expect("evv-record-or-skip", lang="es")
    caller.press("2")  # the client cannot take part
    caller.expect("evv-next-client", lang="es")
    caller.hang_up()

    [visit] = pbx.query("SELECT * FROM visit WHERE call_out_channel = ?", (caller.channel_id,))
    assert tasks_of(pbx, visit["id"]) == ["03"]
    assert visit["client_verification"] == "declined"
    assert "client_not_verified" in exceptions(pbx, visit["id"])
    heard = caller.prompts()
    after_menu = heard[heard.index("es/evv-welcome") :]
    assert after_menu and all(p.startswith("es/") for p in after_menu), after_menu


def test_call_out_in_arabic_times_rejected_from_an_unknown_number(
    dial: Callable[..., Caller], pbx: Pbx, voice: Path
) -> None:
    caregiver = new_caregiver(pbx, "7003")
    visit_id = open_call_in(pbx, caregiver, "1002", minutes_ago=30)
    caller = dial(EVV_NUMBER, caller="5559990000")
    start_call_out(caller, "ar", caregiver, "1002")
    enter_service_and_tasks(caller, "ar", ["05"])
    client_speaks(caller, "ar", voice)
    caller.expect("evv-confirm-reject-replay", lang="ar")
    caller.press("2")  # the client rejects the times
    caller.expect("evv-service-provided", lang="ar")
    caller.press("1")
    caller.expect("evv-next-client", lang="ar")
    caller.hang_up()

    visit = visit_row(pbx, visit_id)
    assert visit["times_verdict"] == "rejected"
    assert exceptions(pbx, visit_id) == {"times_rejected", "unknown_caller_number"}
    heard = caller.prompts()
    after_menu = heard[heard.index("ar/evv-welcome") :]
    assert after_menu and all(p.startswith("ar/") for p in after_menu), after_menu


def test_call_in_in_somali(dial: Callable[..., Caller], pbx: Pbx) -> None:
    caller = dial(EVV_NUMBER, caller="5550001004")
    caller.expect("language-option", lang="so")
    caller.press("4")
    caller.expect("evv-welcome", lang="so")
    caller.press(f"{new_caregiver(pbx, '7004')}#")
    caller.expect("evv-group-question", lang="so")
    caller.press("1")  # a group visit
    caller.expect("evv-in-or-out", lang="so")
    caller.press("1")
    caller.expect("evv-received", lang="so")
    caller.expect("evv-first-client", lang="so")
    caller.press("1004#")
    caller.expect("evv-next-client", lang="so")
    caller.hang_up()
    [visit] = pbx.query("SELECT * FROM visit WHERE call_in_channel = ?", (caller.channel_id,))
    assert visit["group_visit"] == 1 and visit["call_in_location_matched"] == 1
    assert exceptions(pbx, visit["id"]) == set()
    heard = caller.prompts()
    time_words = heard[heard.index("so/evv-in-or-out") + 1 : heard.index("so/evv-received")]
    assert time_words and all(p.startswith("so/") for p in time_words), heard
