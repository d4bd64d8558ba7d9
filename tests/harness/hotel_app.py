"""The hotel's operator side in a Stasis app of the test's own (tests/harness/ari_app.py):
the hotel built through its system contract against the test PBX's database and
Asterisk, so a test calls the console's services (vouchers, transfers) in its own
process and the flows they start run on the platform's router, as in the controller."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from app.config import load_settings
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.directory import PhoneDirectory
from app.system import Platform
from app.systems.hotel.operator import OperatorServices
from app.systems.hotel.system import HotelSystem
from app.systems.hotel.vouchers import VoucherServices
from tests.harness.ari_app import AriApp
from tests.harness.hotel_phones import TEST_APP
from tests.harness.pbx import Pbx


class HotelApp:
    def __init__(self, pbx: Pbx, env: Mapping[str, str]) -> None:
        self.app = AriApp(
            pbx.ari_url,
            pbx.secrets["ari_password"],
            TEST_APP,
            {},
            pbx.runtime / "spool" / "recording",
        )
        self.env = {**pbx.env, **env}
        self.events: list[tuple[str, dict[str, object]]] = []
        self.operator: OperatorServices | None = None
        self.vouchers: VoucherServices | None = None

    def start(self) -> HotelApp:
        self.app.start()
        self.app.call(self._build())
        return self

    async def _build(self) -> None:
        settings = load_settings(dict(self.env), generate_secrets=False)
        self._engine = make_engine(settings.database_url)
        sessionmaker = make_sessionmaker(self._engine)
        assert self.app.phone_line is not None and self.app.router is not None
        system = HotelSystem()
        running = system.build(
            Platform(
                settings,
                sessionmaker,
                lambda: datetime.now(UTC),
                lambda: None,
                PhoneDirectory(settings, sessionmaker),
                self.app.phone_line,
                lambda kind, body: self.events.append((kind, dict(body))),
            )
        )
        self.app.router.flows.update(running.flows)
        assert running.may_present is not None
        self.app.router.caller_id_guard = running.may_present
        self.operator, self.vouchers = system.operator_services, system.voucher_services

    def stop(self) -> None:
        self.app.call(self._engine.dispose())
        self.app.stop()
