"""The hotel's phones for end-to-end tests: the hotel's own room and staff phones (made by
the controller at start, in the hotel's rooms context) with a secret the test learns, and
test phones created through the platform's `PhoneDirectory` in a test context where the
operator code hands the call to the hotel's "hotel-operator" flow in the controller and
7000 reaches the test's own Stasis app."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Iterable

from app.config import load_secrets, load_settings
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.directory import PhoneDirectory
from app.pbx.phones.rules import PhoneSpec
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER, MAIN_FLOW, OPERATOR_FLOW
from tests.harness.pbx import Pbx
from tests.harness.phone import Incoming, RegisteredPhone, SipStack

# The SIP account of each hotel phone now in use: one per extension at a time (a second
# account for the same extension would share its contact and take its NOTIFYs).
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
    """The phones, created if need be and registered (see `unregister` for the end). Each
    module gets fresh SIP accounts: the last module's are shut down first, so no second
    account for an extension steals its NOTIFYs, and none re-registers mid-unregistration."""
    for ext in extensions:
        earlier = _registered.pop((id(sip), ext), None)
        if earlier is not None and earlier in sip.phones:
            sip.phones.remove(earlier)
            earlier.shutdown()
            sip.retired.append(earlier)  # kept alive: PJSUA reuses account ids
    secrets = hotel_phones(pbx, extensions)
    phones = {ext: sip.registered_phone(ext, secrets[ext]) for ext in extensions}
    for ext, phone in phones.items():
        _registered[(id(sip), ext)] = phone
        assert phone.wait_registration() == 200, f"{ext} did not register"
    return phones


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
            # the hotel's, in its rooms context, with the secret it wrote to the secrets file.
            theirs = {
                phone.extension
                for phone in await directory.list()
                if phone.extension in extensions and phone.owner != OWNER
            }
            written = load_secrets(pbx.runtime / "secrets.env", generate=False)
            specs = [
                PhoneSpec(e, CONTEXT, OWNER, f"Hotel {e}", "zh", True)
                for e in extensions
                if e not in theirs
            ]
            created = await directory.ensure_all(specs)
            secrets = {new.extension: new.secret for new in created}
            for extension in set(extensions) - set(secrets):
                if f"hotel_phone_{extension}" in written:
                    secrets[extension] = written[f"hotel_phone_{extension}"]
                else:
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
