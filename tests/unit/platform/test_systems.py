"""The systems through their contract: the same DIDs, flows and dialplan as before the
platform stopped knowing them by name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.config import Settings
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.directory import PhoneDirectory
from app.system import Did, Platform, all_dids
from app.systems import SYSTEMS
from app.telephony.ari.client import AriClient
from app.telephony.phones import PhoneLine


def test_every_did_reaches_its_flow_and_answering_flows_are_answered_by_the_dialplan() -> None:
    assert {(did.number, did.flow, did.answers_first) for did in all_dids(SYSTEMS)} == {
        ("8005550100", "evv", True),
        ("8005550101", "evv", True),
        ("234234399", "masking-access", True),
        ("234234390", "masking-callback", True),
        ("2150550200", "hotel-main", True),
    }


def test_a_did_claimed_by_two_systems_is_refused() -> None:
    class Twin:
        name = "twin"
        dids = (Did("8005550100", "twin"),)

    with pytest.raises(ValueError, match="8005550100"):
        all_dids([*SYSTEMS, Twin()])  # type: ignore[list-item]


async def test_built_systems_name_every_flow_the_dialplan_hands_calls_to(tmp_path: Path) -> None:
    settings = Settings(runtime_dir=tmp_path, database_url="sqlite://")
    engine = make_engine(settings.database_url)
    sessionmaker = make_sessionmaker(engine)
    platform = Platform(
        settings,
        sessionmaker,
        lambda: datetime.now(UTC),
        lambda: None,
        PhoneDirectory(settings, sessionmaker),
        PhoneLine(AriClient("http://127.0.0.1:1", "user", "password", "switchboard")),
    )
    built = [system.build(platform) for system in SYSTEMS]
    await engine.dispose()
    flows = {name for running in built for name in running.flows}
    assert flows == {
        "evv",
        "masking-access",
        "masking-callback",
        "masking-inbound",
        "hotel-main",
        "hotel-operator",
        "hotel-assisted",
        # The room phones' flows (the hotel-rooms context hands calls to them).
        "hotel-direct-dial",
        "hotel-emergency",
        "hotel-dnd-on",
        "hotel-dnd-off",
        "hotel-wakeup-set",
        "hotel-wakeup-cancel",
        "hotel-wakeup-call",
    }
    # Masking vouches for its numbers before a dial, the hotel for its main number; the
    # EVV line never dials. The hotel's PMS link runs only when SWITCHBOARD_HOTEL_PMS asks;
    # its wake-up scheduler and the phones following the rooms always.
    assert [running.may_present is not None for running in built] == [False, True, True]
    assert [len(running.background) for running in built] == [1, 0, 2]


def test_the_dialplan_includes_the_masking_pool_for_carrier_calls(tmp_path: Path) -> None:
    from app.pbx.render import template_values

    settings = Settings(
        runtime_dir=tmp_path,
        database_url="sqlite://",
        secrets={
            name: "x"
            for name in ("ari_password", "ami_secret", "carrier_password", "phone_password")
        },
    )
    values = template_values(settings, SYSTEMS)
    assert values["system_includes"] == (
        "#include extensions_pool.conf\n#include extensions_hotel_rooms.conf"
    )
    # The hotel's room phones' context is never reachable from the trunk.
    assert values["carrier_includes"] == "include => masking-pool"
