"""The DID table as dialplan: who answers, and what a caller hears with no controller."""

from __future__ import annotations

from app.pbx.dids import dialplan_lines
from app.system import Did


def test_answering_flows_are_answered_by_the_dialplan_and_apologise_when_stasis_fails() -> None:
    lines = dialplan_lines(
        [Did("8005550100", "evv", answers_first=True)], "switchboard"
    ).splitlines()
    assert lines == [
        "exten => 8005550100,1,Answer()",
        " same => n,Stasis(switchboard,evv,8005550100)",
        ' same => n,GotoIf($["${STASISSTATUS}" = "FAILED"]?unavailable)',
        " same => n,Hangup()",
        " same => n(unavailable),Playback(switchboard/en/technical-difficulty)",
    ]


def test_other_flows_reach_the_controller_unanswered() -> None:
    assert dialplan_lines([Did("234234301", "masking-inbound")], "switchboard") == (
        "exten => 234234301,1,Stasis(switchboard,masking-inbound,234234301)\n same => n,Hangup()"
    )
