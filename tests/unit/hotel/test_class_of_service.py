"""Class of service: which dialled numbers each class reaches; emergency always."""

from __future__ import annotations

import pytest

from app.systems.hotel.rules.class_of_service import (
    Dialled,
    NumberPlan,
    classify_outside,
    decide,
    extension_problem,
)
from app.systems.hotel.rules.stay import ClassOfService as C

PLAN = NumberPlan()


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("62345678", Dialled.LOCAL),
        ("02162345678", Dialled.LOCAL),  # the hotel's own area code
        ("01012345678", Dialled.NATIONAL),
        ("13912345678", Dialled.NATIONAL),  # a mobile
        ("0012125551234", Dialled.INTERNATIONAL),
        ("00", Dialled.INVALID),
        ("0012", Dialled.INVALID),
        ("12", Dialled.INVALID),
        ("911", Dialled.EMERGENCY),
        ("6234x678", Dialled.INVALID),
    ],
)
def test_outside_numbers_are_classed(number: str, kind: Dialled) -> None:
    assert classify_outside(number, PLAN) is kind


# dialled, then allowed for internal / local / national / international
TABLE = [
    ("0", Dialled.OPERATOR, (True, True, True, True)),
    ("102", Dialled.INTERNAL, (True, True, True, True)),
    ("2001", Dialled.INTERNAL, (True, True, True, True)),
    ("962345678", Dialled.LOCAL, (False, True, True, True)),
    ("901012345678", Dialled.NATIONAL, (False, False, True, True)),
    ("90012125551234", Dialled.INTERNATIONAL, (False, False, False, True)),
    ("112", Dialled.EMERGENCY, (True, True, True, True)),
    ("911", Dialled.EMERGENCY, (True, True, True, True)),
    ("9112", Dialled.EMERGENCY, (True, True, True, True)),
    ("9", Dialled.INVALID, (False, False, False, False)),
    ("12345", Dialled.INVALID, (False, False, False, False)),
    ("*72", Dialled.INVALID, (False, False, False, False)),
]


@pytest.mark.parametrize(("dialled", "kind", "allowed"), TABLE)
def test_each_class_reaches_its_numbers(
    dialled: str, kind: Dialled, allowed: tuple[bool, bool, bool, bool]
) -> None:
    results = tuple(decide(dialled, cos, PLAN) for cos in C)
    assert {r.kind for r in results} == {kind}
    assert tuple(r.allowed for r in results) == allowed


def test_the_dialled_number_loses_its_prefix_and_emergency_is_outside() -> None:
    assert decide("90012125551234", C.INTERNATIONAL, PLAN).number == "0012125551234"
    assert decide("9112", C.INTERNAL, PLAN).number == "112"
    assert decide("112", C.INTERNAL, PLAN).outside
    assert not decide("102", C.INTERNAL, PLAN).outside


def test_emergency_numbers_are_configurable() -> None:
    plan = NumberPlan(emergency_numbers=("110", "119", "120"))
    assert decide("110", C.INTERNAL, plan).kind is Dialled.EMERGENCY
    assert decide("911", C.INTERNAL, plan).kind is Dialled.INVALID


@pytest.mark.parametrize(
    ("extension", "problem"),
    [
        ("101", None),
        ("2001", None),
        ("901", "outside-line prefix"),
        ("012", "operator"),
        ("12", "3 or 4 digits"),
        ("1x1", "3 or 4 digits"),
        ("112", "emergency"),
    ],
)
def test_extensions_that_cannot_be_dialled_are_refused(extension: str, problem: str | None) -> None:
    found = extension_problem(extension, PLAN)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_classes_are_named_as_the_cli_spells_them() -> None:
    assert C.named(" National ") is C.NATIONAL
    with pytest.raises(ValueError, match="internal, local, national, international"):
        C.named("galactic")
