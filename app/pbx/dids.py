"""Which dialed number reaches which flow. The dialplan is rendered from this table."""

from __future__ import annotations

# DID -> flow name. The EVV line has a primary and a fallback toll-free number (seed 000).
DEFAULT_DIDS: dict[str, str] = {
    "8005550100": "evv",
    "8005550101": "evv",
}

DEMO_PHONES = ("1001", "1002", "1003", "1004")


def dialplan_lines(dids: dict[str, str], app: str) -> str:
    return "\n".join(
        f"exten => {did},1,Stasis({app},{flow},{did})\n same => n,Hangup()"
        for did, flow in sorted(dids.items())
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
