"""An in-memory masking store, and the fake call set up for the masking lines, for flow tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.calls.dialing import DialStatus
from app.systems.masking.dids import MASKING_ACCESS_NUMBER
from app.systems.masking.flows.placing import MaskingConfig
from app.systems.masking.rules import MaskedCallStart, Pairing, PendingCallback, Shopper
from tests.harness.fake_call import FakeCall


def masked_call(
    entries: Sequence[object],
    caller: str | None,
    dialed: str = MASKING_ACCESS_NUMBER,
    outcomes: Sequence[DialStatus] = (DialStatus.ANSWERED,),
    owned: set[str] | None = None,
) -> FakeCall:
    """The one fake call, dialing the access number unless told otherwise."""
    return FakeCall(entries, caller, dialed, outcomes, owned)


@dataclass
class MemoryMaskingStore:
    shoppers: dict[str, Shopper] = field(default_factory=dict)
    pairs: dict[int, list[Pairing]] = field(default_factory=dict)
    owned: set[str] = field(default_factory=set)
    calls: dict[int, dict[str, object]] = field(default_factory=dict)
    callbacks: list[PendingCallback] = field(default_factory=list)
    returned: set[int] = field(default_factory=set)
    sms: list[tuple[str, str]] = field(default_factory=list)
    recent_calls: int = 0

    def add(self, shopper_id: int, real: str, *numbers: str, language: str = "cs") -> Shopper:
        shopper = Shopper(shopper_id, f"Shopper {shopper_id}", real, language)
        self.shoppers[real] = shopper
        self.pairs[shopper_id] = [
            Pairing(shopper_id, ordinal, number) for ordinal, number in enumerate(numbers, 1)
        ]
        self.owned.update(numbers)
        return shopper

    async def find_shopper(self, real_number: str) -> Shopper | None:
        return self.shoppers.get(real_number)

    async def pairings(self, shopper_id: int) -> list[Pairing]:
        return list(self.pairs.get(shopper_id, []))

    async def owner_of(self, fictitious_number: str) -> tuple[Shopper, Pairing] | None:
        for shopper in self.shoppers.values():
            for pairing in self.pairs.get(shopper.id, []):
                if pairing.number == fictitious_number:
                    return shopper, pairing
        return None

    async def pool(self) -> set[str]:
        return set(self.owned)

    async def calls_since(self, shopper_id: int, since: datetime) -> int:
        return self.recent_calls

    async def start_call(self, start: MaskedCallStart) -> int:
        call_id = len(self.calls) + 1
        self.calls[call_id] = {"start": start}
        return call_id

    async def call_answered(self, call_id: int, at: datetime, recording_name: str) -> None:
        self.calls[call_id]["answered"] = recording_name

    async def call_ended(
        self, call_id: int, at: datetime, outcome: str, recording: tuple[str, float] | None = None
    ) -> None:
        self.calls[call_id].update(outcome=outcome, recording=recording)

    async def record_missed_call(
        self,
        shopper: Shopper,
        caller_number: str,
        fictitious_number: str,
        missed_at: datetime,
        expires_at: datetime,
        sms_text: Callable[[int], str],
    ) -> PendingCallback:
        order = 1 + max((c.order_number for c in self.callbacks), default=0)
        callback = PendingCallback(
            len(self.callbacks) + 1,
            shopper.id,
            order,
            caller_number,
            fictitious_number,
            missed_at,
            expires_at,
        )
        self.callbacks.append(callback)
        self.sms.append((shopper.real_number, sms_text(order)))
        return callback

    async def open_callbacks(self, shopper_id: int, now: datetime) -> list[PendingCallback]:
        return [
            c
            for c in self.callbacks
            if c.shopper_id == shopper_id and c.id not in self.returned and c.expires_at > now
        ]

    async def mark_returned(self, callback_id: int, at: datetime) -> None:
        self.returned.add(callback_id)

    def outcomes(self) -> list[object]:
        return [call.get("outcome") for call in self.calls.values()]


NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)

CONFIG = MaskingConfig(callback_number="234234390", ring_timeout=20, callback_ring_timeout=15)
