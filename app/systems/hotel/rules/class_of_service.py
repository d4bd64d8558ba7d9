"""Which dialled numbers a phone's class of service reaches.

Emergency numbers (112/911, configurable) go straight out from any phone, with or without
the outside prefix, whatever the class. Internal numbers (the operator code, rooms, staff)
are open to every class. An outside number is the outside prefix (9) and the number:
international starts with the international prefix (00), national with the national
prefix (0) unless it is the hotel's own area code, a mobile number (1 and ten digits) is
national, anything else is local.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.systems.hotel.rules.stay import ClassOfService


@dataclass(frozen=True)
class NumberPlan:
    emergency_numbers: tuple[str, ...] = ("112", "911")
    operator_code: str = "0"
    outside_prefix: str = "9"
    international_prefix: str = "00"
    national_prefix: str = "0"
    local_area_code: str = "21"
    # Extensions are this many digits (rooms 101..9999, staff 2001...).
    extension_digits: tuple[int, ...] = (3, 4)


class Dialled(StrEnum):
    EMERGENCY = "emergency"
    OPERATOR = "operator"
    INTERNAL = "internal"
    LOCAL = "local"
    NATIONAL = "national"
    INTERNATIONAL = "international"
    INVALID = "invalid"


NEEDS = {
    Dialled.OPERATOR: ClassOfService.INTERNAL,
    Dialled.INTERNAL: ClassOfService.INTERNAL,
    Dialled.LOCAL: ClassOfService.LOCAL,
    Dialled.NATIONAL: ClassOfService.NATIONAL,
    Dialled.INTERNATIONAL: ClassOfService.INTERNATIONAL,
}


@dataclass(frozen=True)
class DialDecision:
    kind: Dialled
    allowed: bool
    # What to dial: the outside number without the prefix, or the extension.
    number: str

    @property
    def outside(self) -> bool:
        return self.kind in (
            Dialled.EMERGENCY,
            Dialled.LOCAL,
            Dialled.NATIONAL,
            Dialled.INTERNATIONAL,
        )


def classify_outside(number: str, plan: NumberPlan) -> Dialled:
    """The class an outside number (prefix already removed) needs."""
    if not number.isdigit() or len(number) < 3:
        return Dialled.INVALID
    if number in plan.emergency_numbers:
        return Dialled.EMERGENCY
    if number.startswith(plan.international_prefix):
        return (
            Dialled.INTERNATIONAL
            if len(number) > len(plan.international_prefix) + 4
            else (Dialled.INVALID)
        )
    if number.startswith(plan.national_prefix):
        rest = number[len(plan.national_prefix) :]
        if plan.local_area_code and rest.startswith(plan.local_area_code):
            return Dialled.LOCAL
        return Dialled.NATIONAL if len(rest) >= 6 else Dialled.INVALID
    if len(number) == 11 and number.startswith("1"):
        return Dialled.NATIONAL
    return Dialled.LOCAL


def decide(dialled: str, class_of_service: ClassOfService, plan: NumberPlan) -> DialDecision:
    """What happens to what a phone dialled."""
    if dialled in plan.emergency_numbers:
        return DialDecision(Dialled.EMERGENCY, True, dialled)
    if dialled == plan.operator_code:
        return DialDecision(Dialled.OPERATOR, True, dialled)
    if plan.outside_prefix and dialled.startswith(plan.outside_prefix):
        number = dialled[len(plan.outside_prefix) :]
        kind = classify_outside(number, plan)
        if kind is Dialled.EMERGENCY:
            return DialDecision(kind, True, number)
        if kind is Dialled.INVALID:
            return DialDecision(kind, False, number)
        return DialDecision(kind, class_of_service >= NEEDS[kind], number)
    if dialled.isdigit() and len(dialled) in plan.extension_digits:
        return DialDecision(Dialled.INTERNAL, True, dialled)
    return DialDecision(Dialled.INVALID, False, dialled)


def extension_problem(extension: str, plan: NumberPlan) -> str | None:
    """Why a room or staff extension cannot be dialled as one, or None if it can."""
    if not extension.isdigit() or len(extension) not in plan.extension_digits:
        sizes = " or ".join(str(n) for n in plan.extension_digits)
        return f"extension {extension!r} must be {sizes} digits"
    if plan.outside_prefix and extension.startswith(plan.outside_prefix):
        return f"extension {extension} starts with the outside-line prefix {plan.outside_prefix}"
    if extension.startswith(plan.operator_code) or extension in plan.emergency_numbers:
        return f"extension {extension} would be dialled as the operator or an emergency number"
    return None
