"""The hotel's phones for end-to-end tests: the hotel's own room and staff phones (made by
the controller at start, in the hotel's rooms context) with a secret the test learns, and
test phones created through the platform's `PhoneDirectory` in a test context where the
operator code hands the call to the hotel's "hotel-operator" flow in the controller and
7000 reaches the test's own Stasis app."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Iterable

from app.config import load_settings
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.directory import PhoneDirectory
from app.pbx.phones.rules import PhoneSpec
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER, MAIN_FLOW, OPERATOR_FLOW
from tests.harness.pbx import Pbx
from tests.harness.phone import Incoming, RegisteredPhone, SipStack

# One SIP account per hotel phone for the whole session: a second account for the same
# extension would share its contact, and the PBX's NOTIFYs would reach the first one.
_registered: dict[tuple[int, str], RegisteredPhone] = {}

CONTEXT = "hotel-test-phones"
OWNER = "hoteltest"
# The hotel's main number in the tests' own Stasis app (tests/harness/hotel_app.py): a
# transfer test's caller must reach the flow whose console services the test calls.
TEST_APP = "hotel-test"
TEST_MAIN = "7000"
DIALPLAN = f"""
[{CONTEXT}]
exten => 0,1,Stasis(switchboard,{OPERATOR_FLOW},0)
 same => n,Hangup()
exten => {TEST_MAIN},1,Answer()
 same => n,Stasis({TEST_APP},{MAIN_FLOW},{HOTEL_MAIN_NUMBER})
 same => n,Hangup()
"""


def registered_hotel_phones(
    sip: SipStack, pbx: Pbx, extensions: list[str]
) -> dict[str, RegisteredPhone]:
    """The phones, created if need be and registered (see `unregister` for the end)."""
    known = {
        ext: _registered[(id(sip), ext)] for ext in extensions if (id(sip), ext) in _registered
    }
    secrets = hotel_phones(pbx, [ext for ext in extensions if ext not in known])
    for phone in known.values():
        phone.registration_codes.clear()
        phone.setRegistration(True)
    for ext, secret in secrets.items():
        known[ext] = _registered[(id(sip), ext)] = sip.registered_phone(ext, secret)
    for phone in known.values():
        assert phone.wait_registration() == 200
    return known


def unregister(sip: SipStack, phones: Iterable[RegisteredPhone]) -> None:
    """Off the registrar, so later tests do not find them logged in."""
    for phone in phones:
        phone.setRegistration(False)
    sip.pump(1)


def hotel_phones(pbx: Pbx, extensions: list[str]) -> dict[str, str]:
    """Create the phones (with mailboxes) and the context; their secrets by extension."""
    local = pbx.runtime / "etc" / "extensions_local.conf"
    existing = local.read_text() if local.exists() else ""
    if f"[{CONTEXT}]" not in existing:
        local.write_text(existing + DIALPLAN)
        pbx.asterisk_cli("dialplan reload")

    async def create() -> dict[str, str]:
        settings = load_settings(pbx.env, generate_secrets=False)
        engine = make_engine(settings.database_url)
        try:
            directory = PhoneDirectory(settings, make_sessionmaker(engine))
            # The hotel's own room and staff phones (made at the controller's start) stay
            # the hotel's, in its rooms context: the test only learns a fresh secret.
            theirs = {
                phone.extension
                for phone in await directory.list()
                if phone.extension in extensions and phone.owner != OWNER
            }
            specs = [
                PhoneSpec(e, CONTEXT, OWNER, f"Hotel {e}", "zh", True)
                for e in extensions
                if e not in theirs
            ]
            created = await directory.ensure_all(specs)
            secrets = {new.extension: new.secret for new in created}
            for extension in set(extensions) - set(secrets):
                secrets[extension] = (await directory.renew_secret(extension)).secret
            return secrets
        finally:
            await engine.dispose()

    # A thread of its own: beside a browser test, Playwright's sync API holds this thread's
    # event loop, and asyncio.run refuses to start a second one.
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, create()).result()


def answered(sip: SipStack, number: str, timeout: float = 15) -> Incoming:
    """The next call the PBX places to `number` (a phone or the far end), answered."""
    incoming = sip.wait_incoming(number, timeout)
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, f"{number} answered")
    return incoming
