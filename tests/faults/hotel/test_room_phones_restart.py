"""The room phones without a controller. Wake-up calls survive it: SIGKILLed with a
wake-up due, the restarted controller claims it from the database and rings the room,
once; SIGKILLed while the room was ringing, the call is rung again (once) when the dead
controller's lease runs out. And 112 still goes out, from the dialplan, presenting the
hotel's main number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import load_secrets
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER
from tests.harness.fault_pbx import FaultPbx, assert_no_leaks, running
from tests.harness.phone import PhoneCall, RegisteredPhone, SipStack

# As SQLAlchemy writes a datetime into SQLite (the claim compares the lease it read).
PAST = "2000-01-01 00:00:00.000000"


@pytest.fixture
def pbx(tmp_path: Path) -> Iterator[FaultPbx]:
    extra = {
        "SWITCHBOARD_HOTEL_WAKEUP_POLL_SECONDS": "1",
        "SWITCHBOARD_HOTEL_WAKEUP_RING_SECONDS": "15",
    }
    with running(FaultPbx.create(tmp_path / "pbx", extra_env=extra)) as instance:
        yield instance


@pytest.fixture
def room(pbx: FaultPbx, sip: SipStack) -> Iterator[RegisteredPhone]:
    sip.pbx_port = pbx.sip_port
    secrets = load_secrets(pbx.runtime / "secrets.env", generate=False)
    phone = sip.registered_phone("102", secrets["hotel_phone_102"])
    assert phone.wait_registration() == 200
    yield phone
    assert_no_leaks(pbx, sip)
    phone.shutdown()
    sip.phones.remove(phone)
    sip.retired.append(phone)


def set_wakeup(pbx: FaultPbx) -> int:
    pbx.cli_command("hotel", "wakeup", "102", "0630")
    return int(pbx.query("SELECT max(id) AS id FROM hotel_wakeup")[0]["id"])


def ring_count(sip: SipStack) -> int:
    return len(sip.incoming_to("102"))


def confirm(sip: SipStack, call: PhoneCall) -> None:
    call.answer(200)
    sip.wait_until(lambda: call.state == "CONFIRMED", 10, "the room answered")
    sip.pump(2)  # into the wake-up message
    call.dtmf("1")
    sip.wait_until(lambda: call.disconnected, 20, "the wake-up call to end")


def state(pbx: FaultPbx, wakeup_id: int) -> str:
    return str(pbx.query("SELECT state FROM hotel_wakeup WHERE id = ?", (wakeup_id,))[0]["state"])


def test_a_wakeup_due_while_the_controller_was_dead_rings_once_after_restart(
    pbx: FaultPbx, sip: SipStack, room: RegisteredPhone
) -> None:
    pbx.kill_controller()
    wakeup_id = set_wakeup(pbx)
    pbx.execute("UPDATE hotel_wakeup SET due_at = ? WHERE id = ?", (PAST, wakeup_id))
    sip.pump(3)
    assert ring_count(sip) == 0  # nobody to ring it
    pbx.start_controller()
    incoming = sip.wait_incoming("102", timeout=20)
    confirm(sip, incoming.call)
    sip.wait_until(lambda: state(pbx, wakeup_id) == "done", 10, "the wake-up done")
    sip.pump(4)  # several polls: it is not rung again
    assert ring_count(sip) == 0


def test_a_wakeup_ringing_when_the_controller_died_rings_again_once_its_lease_runs_out(
    pbx: FaultPbx, sip: SipStack, room: RegisteredPhone
) -> None:
    wakeup_id = set_wakeup(pbx)
    pbx.execute("UPDATE hotel_wakeup SET due_at = ? WHERE id = ?", (PAST, wakeup_id))
    first = sip.wait_incoming("102", timeout=20)  # ringing, not answered
    assert state(pbx, wakeup_id) == "ringing"
    pbx.kill_controller()
    first.call.hangup()
    sip.pump(1)
    pbx.start_controller()
    sip.pump(3)
    assert ring_count(sip) == 0  # its lease is the dead controller's
    assert state(pbx, wakeup_id) == "ringing"
    # The lease runs out (the test moves it instead of waiting two minutes).
    pbx.execute("UPDATE hotel_wakeup SET lease_until = ? WHERE id = ?", (PAST, wakeup_id))
    again = sip.wait_incoming("102", timeout=20)
    confirm(sip, again.call)
    sip.wait_until(lambda: state(pbx, wakeup_id) == "done", 10, "the wake-up done")
    sip.pump(3)
    assert ring_count(sip) == 0


@pytest.fixture
def carrier_pbx(tmp_path: Path, sip: SipStack) -> Iterator[FaultPbx]:
    made = FaultPbx.create(tmp_path / "pbx", carrier_port=sip.local_port)
    with running(made) as instance:
        yield instance


def test_112_goes_out_from_the_dialplan_while_the_controller_is_dead(
    carrier_pbx: FaultPbx, sip: SipStack
) -> None:
    sip.pbx_port = carrier_pbx.sip_port
    secrets = load_secrets(carrier_pbx.runtime / "secrets.env", generate=False)
    phone = sip.registered_phone("201", secrets["hotel_phone_201"])
    assert phone.wait_registration() == 200
    carrier_pbx.kill_controller()
    caller = phone.dial("112")
    incoming = sip.wait_incoming("112", timeout=15)
    assert HOTEL_MAIN_NUMBER in incoming.from_uri and "201" not in incoming.from_uri
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, "112 answered")
    sip.pump(1)
    caller.hangup()
    sip.wait_until(lambda: incoming.call.disconnected, 10, "112 hung up too")
    carrier_pbx.start_controller()
    assert_no_leaks(carrier_pbx, sip)
    phone.shutdown()
    sip.phones.remove(phone)
    sip.retired.append(phone)
