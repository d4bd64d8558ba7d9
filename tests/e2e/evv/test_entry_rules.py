"""The EVV line's entry rules over real SIP (issue 10, items 1-8): over-long entries, mashed
keys, type-ahead across information, the task count and repeated tasks, and the language
menu's errors in every language (masked calling's: tests/e2e/masking).

Short calls; every wait is one a step needs (a prompt to start, an over-long entry to be
drained), never a full timeout.
"""

from __future__ import annotations

from collections.abc import Callable

from app.systems.evv.dids import EVV_NUMBER
from app.systems.evv.settings import EVV_LANGUAGES
from tests.harness.dialog import Caller
from tests.harness.pbx import Pbx

TWENTY_DIGITS = "12345678901234567890"
VISITS_SQL = (
    "SELECT v.id, c.code AS client_code FROM visit v JOIN client c ON c.id = v.client_id "
    "WHERE v.call_in_channel = ? OR v.call_out_channel = ? ORDER BY v.id"
)
TASKS_SQL = (
    "SELECT t.code FROM visit_task vt JOIN task t ON t.id = vt.task_id "
    "WHERE vt.visit_id = ? ORDER BY vt.position"
)


def new_caregiver(pbx: Pbx, code: str) -> str:
    """A caregiver only this test uses: its call-out closes no other test's call-in."""
    [agency] = pbx.query("SELECT id FROM agency WHERE account_number = '100200'")
    pbx.execute(
        "INSERT INTO caregiver (agency_id, code, name, active) VALUES (?, ?, ?, 1)",
        (agency["id"], code, f"Test caregiver {code}"),
    )
    return code


def to_welcome(caller: Caller) -> None:
    caller.expect("language-option", lang="en")
    caller.press("1")
    caller.expect("evv-welcome", lang="en")


def test_language_menu_errors_play_in_every_offered_language(
    dial: Callable[..., Caller],
) -> None:
    # Item 8: before a language is chosen nobody knows which one the caller speaks.
    caller = dial(EVV_NUMBER, caller="5550001002")
    caller.expect("language-option", lang="en")
    caller.press("9")
    caller.expect("evv-invalid-choice", lang="ar")
    caller.expect("language-option", lang="en")
    caller.hang_up()
    heard = caller.prompts()
    errors = [p for p in heard if p.endswith("/evv-invalid-choice")]
    assert errors == [f"{lang}/evv-invalid-choice" for lang in EVV_LANGUAGES]


def test_an_over_long_id_is_one_invalid_entry_and_is_drained(
    dial: Callable[..., Caller],
) -> None:
    # Item 2: twenty keys for a ten-digit ID are one invalid entry, not two read-backs.
    caller = dial(EVV_NUMBER, caller="5550001002")
    to_welcome(caller)
    caller.press(TWENTY_DIGITS + "#")
    caller.expect("entry-too-long")
    caller.expect("evv-welcome")
    caller.press("1234#")
    caller.expect("evv-group-question")
    caller.hang_up()

    heard = caller.prompts()
    assert "en/you-entered" not in heard, "an over-long entry was read back"
    assert "en/evv-invalid-id" not in heard and "en/no-input" not in heard
    assert heard.count("en/evv-welcome") == 2
    assert heard.count("en/entry-too-long") == 1


def test_mashed_keys_and_keys_during_the_time_announcement_answer_nothing(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    caller = dial(EVV_NUMBER, caller="5550001002")
    to_welcome(caller)
    caller.press("1234#")
    caller.expect("evv-group-question")
    # Item 4: keys mashed at once answer neither this question nor the next ones.
    caller.press("1212")
    caller.expect("entry-too-long")
    caller.expect("evv-group-question")
    caller.press("2")
    caller.expect("evv-in-or-out")
    caller.press("1")
    caller.listen(0.6)  # past the menu's settle time: the time announcement is playing
    # Keys pressed while the time is announced neither cut it off nor enter a client.
    caller.press("1001#")
    caller.expect("evv-first-client")
    caller.listen(1.0)
    caller.press("1002#")
    caller.expect("evv-next-client")
    caller.hang_up()

    heard = caller.prompts()
    assert heard.count("en/evv-group-question") == 2
    assert heard.count("en/entry-too-long") == 1
    announced = heard.index("en/evv-received")
    assert heard.index("en/evv-in-or-out") < announced < heard.index("en/evv-first-client")
    assert heard.count("en/evv-first-client") == 1 and heard.count("en/evv-next-client") == 1
    visits = pbx.query(VISITS_SQL, (caller.channel_id, caller.channel_id))
    assert [v["client_code"] for v in visits] == ["1002"]
    [row] = pbx.query("SELECT group_visit FROM visit WHERE id = ?", (visits[0]["id"],))
    assert row["group_visit"] == 0


def to_task_count(caller: Caller, caregiver: str, client: str) -> None:
    to_welcome(caller)
    caller.press(f"{caregiver}#")
    caller.expect("evv-group-question")
    caller.press("2")
    caller.expect("evv-in-or-out")
    caller.press("2")
    caller.expect("evv-first-client")
    caller.press(f"{client}#")
    caller.expect("evv-enter-service")
    caller.press("10#")
    caller.expect("evv-accept-or-retry")
    caller.press("1")
    caller.expect("evv-enter-task-count")


def test_task_count_is_checked_whole_and_against_the_agencys_tasks(
    dial: Callable[..., Caller], pbx: Pbx
) -> None:
    caller = dial(EVV_NUMBER, caller="5550001003")
    to_task_count(caller, new_caregiver(pbx, "7301"), "1003")
    # Item 3: longer than the two-digit field: invalid as a whole, never "12 tasks".
    caller.press("12345#")
    caller.expect("entry-too-long")
    caller.expect("evv-enter-task-count")
    # More tasks than the agency has (five): refused, naming the limit.
    caller.press("9#")
    caller.expect("evv-too-many-tasks")
    caller.expect("evv-enter-task-count")
    caller.press("1#")
    caller.expect("evv-enter-task")
    caller.press("02#")
    caller.expect("evv-record-or-skip")
    caller.press("2")
    caller.expect("evv-next-client")
    caller.hang_up()

    heard = caller.prompts()
    refusal = heard.index("en/evv-too-many-tasks")
    assert heard[refusal + 1] == "en/num-5"
    assert "en/evv-invalid-number" not in heard and "en/evv-invalid-id" not in heard
    assert heard.count("en/evv-enter-task") == 1
    [visit] = pbx.query(VISITS_SQL, (caller.channel_id, caller.channel_id))
    assert [t["code"] for t in pbx.query(TASKS_SQL, (visit["id"],))] == ["02"]


def test_the_same_task_twice_is_refused(dial: Callable[..., Caller], pbx: Pbx) -> None:
    # Item 5: refused with its own prompt, as a repeated client is.
    caller = dial(EVV_NUMBER, caller="5550001004")
    to_task_count(caller, new_caregiver(pbx, "7302"), "1004")
    caller.press("2#")
    caller.expect("evv-enter-task")
    caller.press("02#")
    caller.expect("evv-enter-task")
    caller.press("02#")
    caller.expect("evv-task-already-entered")
    caller.expect("evv-enter-task")
    caller.press("03#")
    caller.expect("evv-record-or-skip")
    caller.press("2")
    caller.expect("evv-next-client")
    caller.hang_up()

    [visit] = pbx.query(VISITS_SQL, (caller.channel_id, caller.channel_id))
    assert [t["code"] for t in pbx.query(TASKS_SQL, (visit["id"],))] == ["02", "03"]
