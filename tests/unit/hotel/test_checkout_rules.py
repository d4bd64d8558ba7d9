"""What a check-out clears and what a room move carries."""

from __future__ import annotations

from app.systems.hotel.rules.checkout import carried, vacate
from app.systems.hotel.rules.fias import Equipment
from app.systems.hotel.rules.stay import ClassOfService, Room

OCCUPIED = Room(
    1, "105", "105", dnd=True, class_of_service=ClassOfService.INTERNATIONAL, message_lamp=True
)


def test_checkout_leaves_a_vacant_rooms_phone() -> None:
    vacated = vacate(OCCUPIED)
    assert not vacated.dnd and not vacated.message_lamp
    assert vacated.class_of_service is ClassOfService.INTERNAL
    assert vacated.cancel_wakeups and vacated.clear_voicemail
    assert vacated.equipment == Equipment("105", dnd=False, class_of_service=0, message_lamp=False)


def test_a_move_carries_dnd_and_class_of_service() -> None:
    moved = carried(OCCUPIED)
    assert moved.dnd and moved.class_of_service is ClassOfService.INTERNATIONAL
