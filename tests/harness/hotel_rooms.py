"""An in-memory hotel for unit tests of the room phones' flows and the wake-up scheduler:
only what those flows ask of the store (HotelStore), with every write kept for asserts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.systems.hotel.records import ChargeRequest, Posting, StaffCall, WakeUp
from app.systems.hotel.rules.stay import ClassOfService, Guest, Language, Room, Staff
from app.systems.hotel.rules.wakeup import Attempt, WakeUpState, WakeUpUpdate

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)


def room(number: str, cos: ClassOfService = ClassOfService.INTERNATIONAL) -> Room:
    return Room(int(number), number, number, False, cos, False)


def guest(number: str, name: str, language: Language = Language.EN) -> Guest:
    return Guest(int(number), number, name, name, language, False, NOW, None, None, None)


class StoreDown(OSError):
    """What a dead database looks like to a flow (one of STORE_ERRORS)."""


@dataclass
class RoomsHotel:
    rooms: dict[str, Room] = field(default_factory=dict)
    guests: dict[str, Guest] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    charges: list[ChargeRequest] = field(default_factory=list)
    staff_calls: list[tuple[str, str, str, int]] = field(default_factory=list)
    dnd: list[tuple[str, bool]] = field(default_factory=list)
    wakeups: list[tuple[str, str, bool]] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    attempts: list[tuple[int, Attempt]] = field(default_factory=list)
    due: list[WakeUp] = field(default_factory=list)
    # The update each attempt gets back (an alert after the retries, say).
    updates: list[WakeUpUpdate] = field(default_factory=list)
    down: bool = False

    def _check(self) -> None:
        if self.down:
            raise StoreDown("database unavailable")

    @classmethod
    def demo(cls) -> RoomsHotel:
        hotel = cls()
        for number in ("101", "102", "106", "201"):
            hotel.rooms[number] = room(
                number, ClassOfService.LOCAL if number == "201" else ClassOfService.INTERNATIONAL
            )
        hotel.rooms["106"] = room("106", ClassOfService.INTERNAL)
        hotel.guests["101"] = guest("101", "张伟", Language.ZH)
        hotel.guests["102"] = guest("102", "John Smith")
        hotel.guests["201"] = guest("201", "王小明", Language.ZH)
        hotel.staff["2300"] = Staff(
            1, "2300", "Engineer", "engineering", "staff", ClassOfService.INTERNATIONAL
        )
        return hotel

    async def room_by_extension(self, extension: str) -> Room | None:
        self._check()
        return self.rooms.get(extension)

    async def in_house(self, number: str) -> Guest | None:
        self._check()
        return self.guests.get(number)

    async def staff_by_extension(self, extension: str) -> Staff | None:
        self._check()
        return self.staff.get(extension)

    async def post_charge(self, request: ChargeRequest) -> Posting | None:
        self._check()
        self.charges.append(request)
        return None

    async def log_staff_call(
        self,
        call_key: str,
        extension: str,
        destination: str,
        placed_by: str,
        started_at: datetime,
        seconds: int,
    ) -> StaffCall:
        self._check()
        self.staff_calls.append((call_key, extension, destination, seconds))
        return StaffCall(
            1, call_key, extension, "", "", destination, placed_by, started_at, seconds, 0, False
        )

    async def set_dnd(self, number: str, on: bool, source: str = "cli") -> Room:
        self._check()
        self.dnd.append((number, on))
        return self.rooms[number]

    async def set_wakeup(
        self, number: str, hhmm: str, daily: bool, now: datetime, set_by: str = "phone"
    ) -> WakeUp:
        self._check()
        self.wakeups.append((number, hhmm, daily))
        return wakeup(1, number)

    async def cancel_wakeups(self, number: str) -> int:
        self._check()
        self.cancelled.append(number)
        return 1 if any(w[0] == number for w in self.wakeups) else 0

    async def claim_due_wakeups(self, now: datetime, lease: timedelta) -> list[WakeUp]:
        self._check()
        due, self.due = self.due, []
        return due

    async def wakeup_attempted(
        self, wakeup_id: int, outcome: Attempt, now: datetime
    ) -> WakeUpUpdate:
        self._check()
        self.attempts.append((wakeup_id, outcome))
        if self.updates:
            return self.updates.pop(0)
        return WakeUpUpdate(WakeUpState.DONE, now, 1, False)


def wakeup(wakeup_id: int, number: str, language: Language = Language.EN) -> WakeUp:
    return WakeUp(
        wakeup_id, number, number, int(number), language, "0630", False, WakeUpState.RINGING, NOW, 0
    )


class Clock:
    """A clock the test moves (a bridged call lasts as long as the test says)."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
