"""EVV call scripts a phone follows, shared by the e2e and fault tests."""

from __future__ import annotations

from tests.harness.dialog import Caller

LANGUAGE_KEYS = {"en": "1", "es": "2", "ru": "3", "so": "4", "zh": "5", "ar": "6"}


def call_in_until_clients(caller: Caller, caregiver: str = "1234") -> None:
    caller.expect("language-option", lang="en")
    caller.listen(2.5)  # hear some of the menu before choosing: the audio check needs it
    caller.press("1")
    caller.expect("evv-welcome", lang="en")
    caller.press(f"{caregiver}#")
    caller.expect("evv-group-question")
    caller.press("2")
    caller.expect("evv-in-or-out")
    caller.press("1")
    caller.expect("evv-first-client")


def start_call_out(caller: Caller, lang: str, caregiver: str, client: str) -> None:
    caller.expect("language-option", lang="en")
    caller.press(LANGUAGE_KEYS[lang])
    caller.expect("evv-welcome", lang=lang)
    caller.press(f"{caregiver}#")
    caller.expect("evv-group-question", lang=lang)
    caller.press("2")
    caller.expect("evv-in-or-out", lang=lang)
    caller.press("2")
    caller.expect("evv-first-client", lang=lang)
    caller.press(f"{client}#")


def enter_service_and_tasks(caller: Caller, lang: str, tasks: list[str]) -> None:
    caller.expect("evv-enter-service", lang=lang)
    caller.press("10#")
    caller.expect("evv-accept-or-retry", lang=lang)
    caller.press("1")
    caller.expect("evv-enter-task-count", lang=lang)
    caller.press(f"{len(tasks)}#")
    for task in tasks:
        caller.expect("evv-enter-task", lang=lang)
        caller.press(f"{task}#")
