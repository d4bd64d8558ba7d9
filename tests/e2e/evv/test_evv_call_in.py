"""EVV call-in over real SIP: a caregiver calls from the client's home through the trunk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from app.systems.evv.dids import EVV_NUMBER
from tests.harness.dialog import Caller, audio_level
from tests.harness.evv_calls import call_in_until_clients
from tests.harness.pbx import Pbx

VISITS_SQL = """
SELECT v.*, c.code AS client_code, g.code AS caregiver_code
FROM visit v JOIN client c ON c.id = v.client_id JOIN caregiver g ON g.id = v.caregiver_id
WHERE v.call_in_channel = ? ORDER BY v.id
"""


def test_call_in_for_two_clients_writes_two_visits(dial: Callable[..., Caller], pbx: Pbx) -> None:
    before = datetime.now(UTC)
    caller = dial(EVV_NUMBER, caller="5550001001")
    call_in_until_clients(caller)
    caller.press("1001#")
    caller.expect("evv-next-client")
    caller.press("1002#")
    caller.expect("evv-next-client")
    caller.hang_up()

    visits = pbx.query(VISITS_SQL, (caller.channel_id,))
    assert [v["client_code"] for v in visits] == ["1001", "1002"]
    assert {v["caregiver_code"] for v in visits} == {"1234"}
    assert [v["call_in_location_matched"] for v in visits] == [1, 0]
    assert {v["call_in_number"] for v in visits} == {"5550001001"}
    assert {v["group_visit"] for v in visits} == {0}
    assert len({v["call_in_at"] for v in visits}) == 1, "clients of one call share its time"
    call_in_at = datetime.fromisoformat(visits[0]["call_in_at"]).replace(tzinfo=UTC)
    assert before - timedelta(seconds=5) <= call_in_at <= datetime.now(UTC)

    heard = caller.prompts()
    menu = [f"{lang}/language-option" for lang in ("en", "es", "ru", "so", "zh", "ar")]
    options_heard = heard[: heard.index("en/evv-welcome")]
    # Each option in its own language, in order, until the caller pressed 1 (barge-in).
    assert options_heard and options_heard == menu[: len(options_heard)]
    for key in (
        "evv-welcome",
        "evv-group-question",
        "evv-in-or-out",
        "evv-received",
        "evv-first-client",
        "evv-next-client",
    ):
        assert f"en/{key}" in heard, key
    assert caller.digits_received() == "11234#211001#1002#"

    seconds, rms = audio_level(caller.call.recording)  # type: ignore[arg-type]
    assert seconds > 2 and rms > 100, f"the caller heard silence ({seconds:.1f}s, rms {rms:.0f})"

    cdrs = pbx.wait_rows("SELECT * FROM cdr WHERE unique_id = ?", (caller.channel_id,), 1)
    assert len(cdrs) == 1
    assert cdrs[0]["disposition"] == "ANSWERED"
    assert cdrs[0]["destination"] == EVV_NUMBER
    assert cdrs[0]["source"] == "5550001001"
    # Asterisk's own CSV is the backstop the listener back-fills from after an outage.
    master = (pbx.runtime / "log" / "cdr-csv" / "Master.csv").read_text()
    assert caller.channel_id in master


def test_agency_maximum_ends_with_goodbye(dial: Callable[..., Caller], pbx: Pbx) -> None:
    caller = dial(EVV_NUMBER, caller="5550001003")
    call_in_until_clients(caller, caregiver="5678")
    for client in ("1001", "1002", "1003"):  # the demo agency allows three
        caller.press(f"{client}#")
        caller.listen(0.3)
    caller.expect("goodbye-thanks")
    caller.wait_hangup()
    visits = pbx.query(VISITS_SQL, (caller.channel_id,))
    assert [v["client_code"] for v in visits] == ["1001", "1002", "1003"]
    assert "en/evv-next-client" in caller.prompts()


def test_wrong_caregiver_id_three_times_ends_politely(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    caller = dial(EVV_NUMBER, caller="5550009999")
    caller.expect("language-option", lang="en")
    caller.press("1")
    for _ in range(3):
        caller.expect("evv-welcome")
        caller.press("9999#")
        caller.expect("evv-invalid-id")
    caller.expect("too-many-attempts")
    caller.wait_hangup()
    assert caller.prompts().count("en/evv-invalid-id") == 3
    assert pbx.query(VISITS_SQL, (caller.channel_id,)) == []
    assert len(pbx.wait_rows("SELECT * FROM cdr WHERE unique_id = ?", (caller.channel_id,), 1)) == 1


def test_duplicate_client_and_bad_entries_are_reprompted(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    caller = dial(EVV_NUMBER, caller="5550001002")
    call_in_until_clients(caller, caregiver="2468")
    caller.press("1002#")
    caller.expect("evv-next-client")
    caller.press("1002#")  # same client again
    caller.expect("evv-client-already-entered")
    caller.expect("evv-next-client")
    caller.press("77#")  # no such client
    caller.expect("evv-invalid-id")
    caller.hang_up()
    visits = pbx.query(VISITS_SQL, (caller.channel_id,))
    assert [v["client_code"] for v in visits] == ["1002"]
    assert visits[0]["call_in_location_matched"] == 1
