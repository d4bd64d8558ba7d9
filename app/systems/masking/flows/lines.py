"""Masked calling's three lines over one store, sharing the per-shopper count of calls in
progress (the concurrent-call limit spans the access and callback lines)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.systems.masking.flows.access import AccessLine
from app.systems.masking.flows.callback import CallbackLine
from app.systems.masking.flows.inbound import InboundLine
from app.systems.masking.flows.placing import MaskedCalling, MaskingConfig
from app.systems.masking.store import MaskingStore


@dataclass
class MaskingLines:
    store: MaskingStore
    config: MaskingConfig
    clock: Callable[[], datetime]
    sms_waiting: Callable[[], None] = lambda: None
    calls: MaskedCalling = field(init=False)
    access: AccessLine = field(init=False)
    inbound: InboundLine = field(init=False)
    callback: CallbackLine = field(init=False)

    def __post_init__(self) -> None:
        self.calls = MaskedCalling(self.store, self.config, self.clock, self.sms_waiting)
        self.access = AccessLine(self.calls)
        self.inbound = InboundLine(self.calls)
        self.callback = CallbackLine(self.calls)

    @property
    def active_calls(self) -> dict[int, int]:
        return self.calls.active_calls
