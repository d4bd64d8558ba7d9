from __future__ import annotations

import pytest

from app.systems.evv.rules.reference import location_matches, may_add_client


@pytest.mark.parametrize(
    ("caller", "registered", "matches"),
    [
        ("5550001001", "5550001001", True),
        ("+15550001001", "555-000-1001", True),
        ("15550001001", "(555) 000-1001", True),
        ("5550001002", "5550001001", False),
        (None, "5550001001", False),
        ("", "5550001001", False),
        ("anonymous", "5550001001", False),
        ("1001", "1001", True),
        ("1001", "5550001001", False),
    ],
)
def test_location_matches(caller: str | None, registered: str, matches: bool) -> None:
    assert location_matches(caller, registered) is matches


@pytest.mark.parametrize(("so_far", "allowed"), [(0, True), (2, True), (3, False), (4, False)])
def test_may_add_client(so_far: int, allowed: bool) -> None:
    assert may_add_client(so_far, 3) is allowed
