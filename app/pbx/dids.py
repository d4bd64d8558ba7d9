"""The systems' DIDs as dialplan, and the demo phones. Each system lists its DIDs (the
system contract, app/system.py); the dialplan is rendered from them."""

from __future__ import annotations

from collections.abc import Sequence

from app.system import DialplanInclude, Did

DEMO_PHONES = ("1001", "1002", "1003", "1004")

UNAVAILABLE_PROMPT = "switchboard/en/technical-difficulty"


def dialplan_lines(dids: Sequence[Did], app: str) -> str:
    return "\n".join(_extension(did, app) for did in sorted(dids, key=lambda d: d.number))


def _extension(did: Did, app: str) -> str:
    number, flow = did.number, did.flow
    if not did.answers_first:
        return f"exten => {number},1,Stasis({app},{flow},{number})\n same => n,Hangup()"
    return (
        f"exten => {number},1,Answer()\n"
        f" same => n,Stasis({app},{flow},{number})\n"
        f' same => n,GotoIf($["${{STASISSTATUS}}" = "FAILED"]?unavailable)\n'
        f" same => n,Hangup()\n"
        # No Hangup() after it: falling off the end hangs up, and the CDR's last
        # application stays the apology, which is what an operator looking at it wants.
        f" same => n(unavailable),Playback({UNAVAILABLE_PROMPT})"
    )


def include_files(includes: Sequence[DialplanInclude]) -> str:
    """The files systems write at run time, included into the rendered dialplan."""
    return "\n".join(f"#include {include.file}" for include in includes)


def carrier_includes(includes: Sequence[DialplanInclude]) -> str:
    """The systems' run-time contexts carrier calls reach, before the catch-all."""
    return "\n".join(f"include => {include.context}" for include in includes if include.carrier)


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
