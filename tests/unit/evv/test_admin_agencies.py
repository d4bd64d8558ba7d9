from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from app.admin.errors import AdminError
from app.systems.evv.admin.agencies import NewAgency

GOOD = NewAgency("Sunrise Home Care", "100200", 3, 720, "America/New_York")


def test_a_good_agency_passes() -> None:
    GOOD.check()


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": "  "}, "agency name must be 1 to 200 characters"),
        ({"account_number": "10-200"}, "account number '10-200' must be 1 to 32 digits"),
        ({"account_number": ""}, "account number '' must be 1 to 32 digits"),
        ({"account_number": "1" * 33}, "must be 1 to 32 digits"),
        ({"max_clients": 0}, "--max-clients must be at least 1"),
        ({"max_visit_minutes": 0}, "--max-visit-minutes must be at least 1"),
        ({"timezone": "EST5EDT/Nowhere"}, "unknown time zone 'EST5EDT/Nowhere'"),
    ],
)
def test_bad_agencies(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(AdminError, match=problem):
        replace(GOOD, **changes).check()
