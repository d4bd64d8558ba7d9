"""Rating a call from its tariff (seed 002's telephone voucher and finance procedure).

Money is whole minor units (fen, cents). A call is charged per started minute of bridged
time, at least the tariff's minimum, plus the call type's surcharge. A collect call is
never charged to the room; a person-to-person call only when the person was reached.

No tariff for the number (an empty table included) never blocks the call: it is rated
"unrated" (amount 0) and its posting is kept for the front desk to price, never sent to
the PMS as free; the system warns at start when the table is empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.systems.hotel.rules.stay import CallType


@dataclass(frozen=True)
class Tariff:
    prefix: str  # destination prefix or city code, as dialled after the outside prefix
    name: str
    per_minute: int
    minimum: int = 0
    # Operator-assisted surcharges by call type (direct dialling has none).
    idd_surcharge: int = 0
    person_to_person_surcharge: int = 0


@dataclass(frozen=True)
class Charge:
    amount: int
    minutes: int
    tariff: Tariff | None
    reason: str  # why it costs what it costs, for the voucher and the posting

    @property
    def unrated(self) -> bool:
        return self.tariff is None and self.reason.startswith("no tariff")


def tariff_for(number: str, tariffs: Iterable[Tariff]) -> Tariff | None:
    """The tariff whose prefix is the longest one the number starts with."""
    best: Tariff | None = None
    for tariff in tariffs:
        fits = bool(tariff.prefix) and number.startswith(tariff.prefix)
        if fits and (best is None or len(tariff.prefix) > len(best.prefix)):
            best = tariff
    return best


def started_minutes(seconds: float) -> int:
    """Every started minute counts; a call that never connected is 0."""
    if seconds <= 0:
        return 0
    whole = int(seconds)
    return whole // 60 + (1 if whole % 60 or seconds > whole else 0)


def surcharge(tariff: Tariff, call_type: CallType) -> int:
    if call_type is CallType.IDD:
        return tariff.idd_surcharge
    if call_type is CallType.PERSON_TO_PERSON:
        return tariff.person_to_person_surcharge
    return 0


def rate_call(
    number: str,
    bridged_seconds: float,
    call_type: CallType,
    tariffs: Iterable[Tariff],
    *,
    person_reached: bool = True,
) -> Charge:
    minutes = started_minutes(bridged_seconds)
    if call_type is CallType.COLLECT:
        return Charge(0, minutes, None, "collect call: charged to the called party")
    if call_type is CallType.PERSON_TO_PERSON and not person_reached:
        return Charge(0, 0, None, "person-to-person: the person was not reached")
    if minutes == 0:
        return Charge(0, 0, None, "not connected")
    tariff = tariff_for(number, tariffs)
    if tariff is None:
        return Charge(0, minutes, None, f"no tariff for {number}: to be priced by the front desk")
    amount = max(minutes * tariff.per_minute, tariff.minimum) + surcharge(tariff, call_type)
    return Charge(amount, minutes, tariff, f"{tariff.name}: {minutes} min")
