"""Which dialed number reaches which flow. The dialplan is rendered from this table."""

from __future__ import annotations

# Masked calling (seed 001): the access number shoppers dial out through, and the callback
# number their phones show when a callee calls a fictitious number back.
MASKING_ACCESS_NUMBER = "234234399"
MASKING_CALLBACK_NUMBER = "234234390"

# DID -> flow name. The EVV line has a primary and a fallback toll-free number (seed 000).
DEFAULT_DIDS: dict[str, str] = {
    "8005550100": "evv",
    "8005550101": "evv",
    MASKING_ACCESS_NUMBER: "masking-access",
    MASKING_CALLBACK_NUMBER: "masking-callback",
}

# Calls from the carrier to a number in the fictitious pool reach this flow. The pool lives
# in the database, so its dialplan is written by app/pbx/pool.py, not rendered from here.
POOL_FLOW = "masking-inbound"

DEMO_PHONES = ("1001", "1002", "1003", "1004")


# Flows whose first step is to answer. The dialplan answers for them: one ARI request less
# per call, and a caller who reaches a stopped controller hears why instead of a dead line.
ANSWERING_FLOWS = frozenset({"evv", "masking-access", "masking-callback"})
UNAVAILABLE_PROMPT = "switchboard/en/technical-difficulty"


def dialplan_lines(dids: dict[str, str], app: str) -> str:
    return "\n".join(_extension(did, flow, app) for did, flow in sorted(dids.items()))


def _extension(did: str, flow: str, app: str) -> str:
    if flow not in ANSWERING_FLOWS:
        return f"exten => {did},1,Stasis({app},{flow},{did})\n same => n,Hangup()"
    return (
        f"exten => {did},1,Answer()\n"
        f" same => n,Stasis({app},{flow},{did})\n"
        f' same => n,GotoIf($["${{STASISSTATUS}}" = "FAILED"]?unavailable)\n'
        f" same => n,Hangup()\n"
        # No Hangup() after it: falling off the end hangs up, and the CDR's last
        # application stays the apology, which is what an operator looking at it wants.
        f" same => n(unavailable),Playback({UNAVAILABLE_PROMPT})"
    )


def phone_sections(phones: tuple[str, ...]) -> str:
    blocks = []
    for phone in phones:
        blocks.append(
            f"[{phone}](phone-endpoint)\nauth = {phone}-auth\naors = {phone}\n"
            f'callerid = "Phone {phone}" <{phone}>\n\n'
            f"[{phone}](phone-aor)\n\n"
            f"[{phone}-auth](phone-auth)\nusername = {phone}\n"
        )
    return "\n".join(blocks)

# The load benchmark's baseline: the EVV call-in prompts in plain dialplan (no controller),
# written into asterisk/extensions.conf as context `bench-baseline-evv`.
BENCH_BASELINE_DID = "8005550190"
