"""Registered phones across an Asterisk restart under a running controller, with phones
changed while Asterisk was down: nothing is lost. Phones registered before keep being
reachable, a phone added while Asterisk was down registers once it is back, and a lamp
lit meanwhile is on at the phone's next registration."""

from __future__ import annotations

from tests.harness.fault_pbx import FaultPbx, assert_no_leaks
from tests.harness.phone import SipStack


def secret_of(out: str) -> str:
    return out.split("(shown once, not stored): ", 1)[1].split()[0]


def test_phones_survive_an_asterisk_restart(sqlite_pbx: FaultPbx, sip: SipStack) -> None:
    pbx = sqlite_pbx
    sip.pbx_port = pbx.sip_port
    room = sip.registered_phone("401", secret_of(pbx.cli_command("phones", "add", "401")))
    desk = sip.registered_phone(
        "402", secret_of(pbx.cli_command("phones", "add", "402", "--mailbox"))
    )
    assert room.wait_registration() == desk.wait_registration() == 200
    desk.wait_lamp(False)

    pbx.stop_asterisk()
    out = pbx.cli_command("phones", "add", "403")
    assert "could not be asked" in out, out
    late = secret_of(out)
    assert "could not be asked" in pbx.cli_command("phones", "lamp", "402", "on")
    pbx.start_asterisk()
    pbx.wait_log("ARI events connected", 2, 30)

    # Known before the restart: still reachable at the contact it registered.
    call = desk.dial("401")
    ringing = sip.wait_incoming("401")
    ringing.call.answer(200)
    sip.wait_until(lambda: call.state == "CONFIRMED", 10, "401 to answer after the restart")
    call.hangup()
    sip.wait_until(lambda: ringing.call.disconnected, 10, "the call to end")

    # Added while Asterisk was down: registers with the secret it was given then.
    added = sip.registered_phone("403", late)
    assert added.wait_registration() == 200
    # Lit while Asterisk was down: the next registration brings the lamp on.
    desk.lamp.clear()
    desk.setRegistration(True)
    desk.wait_lamp(True)
    assert pbx.query("SELECT message_lamp FROM sip_phone WHERE extension = '402'")[0][0] == 1
    assert_no_leaks(pbx, sip)
