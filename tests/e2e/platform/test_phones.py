"""Registered phones over real SIP: digest REGISTER with the generated secret, a phone
rung from a flow, a caller connected to one, voicemail lighting the lamp and hearing it
putting it out, the controller's own lamp, and phones added while calls are up.

The phones are created through the platform's API (`PhoneDirectory`, what a system
calls), in a dialplan context this test writes into the operator's local dialplan; the
flows run in a Stasis app of the test's own, on the platform's router.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from app.calls.dialing import DialingCall, DialStatus
from app.config import load_settings
from app.db.engine import make_engine, make_sessionmaker
from app.pbx.phones.dialplan import leave_message, my_messages, ring_extensions
from app.pbx.phones.directory import PhoneDirectory
from app.pbx.phones.rules import PhoneSpec
from tests.harness.ari_app import AriApp
from tests.harness.dialog import Caller, audio_level, write_tone
from tests.harness.observer import AriObserver
from tests.harness.open_files import asterisk_pid
from tests.harness.pbx import Pbx
from tests.harness.phone import PhoneCall, RegisteredPhone, SipStack

T = TypeVar("T")
APP = "phones-test"
CONTEXT = "phones-test"
OWNER = "phonestest"
LOCAL_DIALPLAN = f"""[{CONTEXT}]
{ring_extensions("_40X", 4)}
{leave_message("7201", "401")}
{my_messages("*98")}
exten => 7300,1,Stasis({APP},connect-401,7300)
 same => n,Hangup()
"""


def directory(pbx: Pbx, step: Callable[[PhoneDirectory], Awaitable[T]]) -> T:
    """Run one step against the PBX's database and Asterisk, as a system would."""

    async def run() -> T:
        settings = load_settings(pbx.env, generate_secrets=False)
        engine = make_engine(settings.database_url)
        try:
            return await step(PhoneDirectory(settings, make_sessionmaker(engine)))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def spec(extension: str, *, mailbox: bool = True) -> PhoneSpec:
    return PhoneSpec(extension, CONTEXT, OWNER, f"Test {extension}", "en", mailbox)


@pytest.fixture(scope="module")
def secrets(pbx: Pbx) -> dict[str, str]:
    (pbx.runtime / "etc" / "extensions_local.conf").write_text(LOCAL_DIALPLAN)
    pbx.asterisk_cli("dialplan reload")
    created = directory(
        pbx, lambda d: d.ensure_all([spec("401"), spec("402"), spec("403", mailbox=False)])
    )
    return {new.extension: new.secret for new in created}


class Flows:
    """The test app's flows, and what they saw."""

    def __init__(self) -> None:
        self.greeted: list[str] = []
        self.connected: list[DialStatus] = []

    async def greet(self, call: DialingCall) -> None:
        self.greeted.append(call.dialed_number or "")
        await call.play(["technical-difficulty"], barge_in=False)
        await call.hangup()

    async def connect_201(self, call: DialingCall) -> None:
        await call.answer()
        dialed = await call.dial_phone("401", timeout=10)
        self.connected.append(dialed.status)
        if dialed.leg is not None:
            await call.connect(dialed.leg, record_as=f"phones-test-{time.time_ns()}")
        await call.hangup()


@pytest.fixture(scope="module")
def flows() -> Flows:
    return Flows()


@pytest.fixture(scope="module")
def app(pbx: Pbx, flows: Flows) -> Iterator[AriApp]:
    ari_app = AriApp(
        pbx.ari_url,
        pbx.secrets["ari_password"],
        APP,
        {"greet": flows.greet, "connect-401": flows.connect_201},
        pbx.runtime / "spool" / "recording",
    ).start()
    yield ari_app
    ari_app.stop()


@pytest.fixture(scope="module")
def room(sip: SipStack, pbx: Pbx, secrets: dict[str, str]) -> RegisteredPhone:
    phone = sip.registered_phone("401", secrets["401"])
    assert phone.wait_registration() == 200
    return phone


@pytest.fixture(scope="module")
def desk(sip: SipStack, pbx: Pbx, secrets: dict[str, str]) -> RegisteredPhone:
    phone = sip.registered_phone("402", secrets["402"])
    assert phone.wait_registration() == 200
    return phone


def answered_incoming(sip: SipStack, extension: str) -> PhoneCall:
    incoming = sip.wait_incoming(extension)
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, f"{extension} answered")
    return incoming.call


def leave_a_message(sip: SipStack, caller: PhoneCall, tmp_path: Path) -> None:
    """Speak from the moment voicemail answers: "The person at extension 2 0 1 is
    unavailable", the instructions and the beep are 11.9 s of Asterisk's core prompts,
    and what follows the beep (5 s or more) is the message."""
    sip.wait_until(lambda: caller.media_ready, 15, "the voicemail to answer")
    caller.play_file(write_tone(tmp_path / "message.wav", 30))
    sip.pump(17)
    caller.hangup()


def test_a_phone_registers_with_its_secret_and_a_wrong_secret_is_refused(
    sip: SipStack, pbx: Pbx, app: AriApp, room: RegisteredPhone, secrets: dict[str, str]
) -> None:
    assert room.registered
    assert "401/sip:401@127.0.0.1" in pbx.asterisk_cli("pjsip show contacts")
    assert app.phone_line is not None
    presence = app.call(app.phone_line.presence("401"))
    assert (presence.registered, presence.in_use) == (True, False)

    forged = sip.registered_phone("403", secrets["403"] + "x")
    assert forged.wait_registration() in (401, 403)
    assert not forged.registered
    # An extension nobody created is refused the same way: nothing tells them apart.
    unknown = sip.registered_phone("499", secrets["403"])
    assert unknown.wait_registration() in (401, 403)
    contacts = pbx.asterisk_cli("pjsip show contacts")
    assert "403/sip:" not in contacts and "499/sip:" not in contacts
    presences = app.call(app.phone_line.presences(["401", "403"]))
    assert [p.registered for p in presences.values()] == [True, False]
    # The secret is nowhere in clear: neither in the table nor in the rendered config.
    rendered = (pbx.runtime / "etc" / "pjsip_phones.conf").read_text()
    stored = pbx.query("SELECT secret_digest FROM sip_phone WHERE extension = '401'")
    assert secrets["401"] not in rendered
    assert stored and stored[0]["secret_digest"] in rendered
    for phone in (forged, unknown):
        phone.shutdown()
        sip.phones.remove(phone)
        sip.retired.append(phone)


def test_a_registered_phone_is_rung_from_a_flow_and_answers(
    sip: SipStack, app: AriApp, flows: Flows, room: RegisteredPhone
) -> None:
    assert app.phone_line is not None
    ringing = app.submit(app.phone_line.ring("401", flow="greet", timeout=10))
    call = answered_incoming(sip, "401")
    sip.wait_until(ringing.done, 10, "the ring to report")
    assert ringing.result() is DialStatus.ANSWERED
    sip.wait_until(lambda: call.disconnected, 20, "the flow to hang up")
    assert flows.greeted == ["401"]
    assert call.recording is not None
    seconds, rms = audio_level(call.recording)
    assert seconds > 1 and rms > 100, (seconds, rms)
    # A phone that is not registered is not rung at all.
    started = time.monotonic()
    refused = app.call(app.phone_line.ring("403", flow="greet", timeout=10))
    assert refused is DialStatus.FAILED
    assert time.monotonic() - started < 5


def test_a_caller_is_connected_to_a_registered_phone(
    sip: SipStack,
    pbx: Pbx,
    app: AriApp,
    flows: Flows,
    room: RegisteredPhone,
    desk: RegisteredPhone,
) -> None:
    caller = desk.dial("7300")
    callee = answered_incoming(sip, "401")
    sip.wait_until(lambda: caller.state == "CONFIRMED", 10, "the caller answered")
    assert app.phone_line is not None
    sip.pump(1)
    assert app.call(app.phone_line.presence("401")).in_use
    assert flows.connected == [DialStatus.ANSWERED]
    assert len(pbx.ari("/bridges")) == 1
    callee.hangup()
    sip.wait_until(lambda: caller.disconnected, 15, "the caller to be hung up")


def test_a_voicemail_lights_the_lamp_and_hearing_it_puts_it_out(
    sip: SipStack, pbx: Pbx, room: RegisteredPhone, desk: RegisteredPhone, tmp_path: Path
) -> None:
    # Registering brings the current state: no messages yet.
    room.wait_lamp(False)
    caller = desk.dial("7201")
    leave_a_message(sip, caller, tmp_path)
    room.wait_lamp(True)
    inbox = pbx.runtime / "spool" / "voicemail" / "switchboard" / "401" / "INBOX"
    [message] = inbox.glob("msg*.txt")
    duration = next(
        int(line.split("=", 1)[1])
        for line in message.read_text().splitlines()
        if line.startswith("duration=")
    )
    assert duration >= 3, "the message holds what the caller said after the beep"
    seconds, rms = audio_level(message.with_suffix(".wav"))
    assert seconds >= 3 and rms > 100, (seconds, rms)

    listening = room.dial("*98")
    sip.wait_until(lambda: listening.media_ready, 10, "the voicemail menu")
    sip.pump(2)
    listening.dtmf("1")  # new messages
    sip.pump(8)
    listening.hangup()
    room.wait_lamp(False)
    assert not list(inbox.glob("msg*.txt"))
    old = inbox.parent / "Old"
    assert len(list(old.glob("msg*.txt"))) == 1


def test_an_unanswered_phone_sends_the_caller_to_its_voicemail(
    sip: SipStack, pbx: Pbx, room: RegisteredPhone, desk: RegisteredPhone, tmp_path: Path
) -> None:
    inbox = pbx.runtime / "spool" / "voicemail" / "switchboard" / "401" / "INBOX"
    before = len(list(inbox.glob("msg*.txt")))
    caller = desk.dial("401")  # _40X: ring 4 s, then voicemail
    ringing = sip.wait_incoming("401")
    sip.wait_until(lambda: ringing.call.disconnected, 15, "the ring to time out")
    leave_a_message(sip, caller, tmp_path)
    room.wait_lamp(True)
    assert len(list(inbox.glob("msg*.txt"))) == before + 1


def test_the_controller_lights_and_clears_a_lamp(
    sip: SipStack, pbx: Pbx, desk: RegisteredPhone
) -> None:
    directory(pbx, lambda d: d.set_lamp("402", True))
    desk.wait_lamp(True)
    assert pbx.query("SELECT message_lamp FROM sip_phone WHERE extension = '402'")[0][0] == 1
    directory(pbx, lambda d: d.set_lamp("402", False))
    desk.wait_lamp(False)


def test_a_phone_added_at_run_time_registers_and_calls_stay_up(
    sip: SipStack, pbx: Pbx, app: AriApp, room: RegisteredPhone, desk: RegisteredPhone
) -> None:
    before = asterisk_pid(pbx.runtime)
    # A call in progress while the phones are reloaded.
    caller = desk.dial("401")
    callee = answered_incoming(sip, "401")
    sip.wait_until(lambda: caller.state == "CONFIRMED", 10, "the call to connect")
    created = directory(pbx, lambda d: d.add(spec("404")))
    phone = sip.registered_phone("404", created.secret)
    assert phone.wait_registration() == 200
    sip.pump(1)
    assert caller.state == callee.state == "CONFIRMED"
    assert len(pbx.ari("/channels")) == 2
    assert asterisk_pid(pbx.runtime) == before
    callee.hangup()
    sip.wait_until(lambda: caller.disconnected, 10, "the call to end")

    # Disabled: the phone is no endpoint any more, its next REGISTER is refused.
    directory(pbx, lambda d: d.set_enabled("404", False))
    phone.registration_codes.clear()
    phone.setRegistration(True)
    assert phone.wait_registration() in (401, 403)
    # Its contact may linger until it expires, but no endpoint answers to it any more.
    assert app.phone_line is not None
    assert not app.call(app.phone_line.presence("404")).registered
    assert app.call(app.phone_line.ring("404", flow="greet", timeout=5)) is DialStatus.FAILED
    refused = phone.dial("401")
    sip.wait_until(lambda: refused.disconnected, 10, "the disabled phone's call refused")
    assert refused.status_code in (401, 403)


def test_a_phone_added_from_the_cli_calls_other_phones_in_the_platform_context(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room: RegisteredPhone
) -> None:
    out = pbx.admin("phones", "add", "405", "--name", "Softphone", "--mailbox")
    secret = out.split("(shown once, not stored): ", 1)[1].split()[0]
    assert "could not be asked" not in out
    assert "405" in pbx.admin("phones", "list", "--owner", "admin")
    softphone = sip.registered_phone("405", secret)
    assert softphone.wait_registration() == 200
    softphone.wait_lamp(False)

    call = softphone.dial("401")
    callee = answered_incoming(sip, "401")
    sip.wait_until(lambda: call.state == "CONFIRMED", 10, "the softphone's call answered")
    callee.hangup()
    sip.wait_until(lambda: call.disconnected, 10, "the call to end")

    # An extension that is no phone: told so, nothing rung.
    mark = observer.mark()
    nobody = Caller(sip, observer, softphone.dial("2999"), mark, "PJSIP/405-")
    nobody.wait_hangup(20)
    steps = nobody.dialplan_steps()
    assert "Playback(switchboard/en/number-not-in-service)" in steps
    assert not any(step.startswith("Dial") for step in steps)


def test_the_carrier_reaches_no_phone(
    dial: Callable[..., Caller], sip: SipStack, room: RegisteredPhone
) -> None:
    caller = dial("401")
    caller.wait_hangup(20)
    assert "Playback(switchboard/en/number-not-in-service)" in caller.dialplan_steps()
    assert not any(step.startswith(("Dial", "Gosub")) for step in caller.dialplan_steps())
    assert sip.incoming_to("401") == []
