"""The hotel's room phones over real SIP under `switchboard run` (the demo hotel): room
phones REGISTER with the secrets the hotel wrote at start and call each other; 9 + a
number the guest's class of service forbids hears "call the operator" and the trunk sees
nothing; 9 + an allowed number reaches the carrier showing the hotel's main number and is
posted to the folio once, rated; 112 goes straight out and the console event is
published; DND codes; a wake-up set from the phone (read back), rung, confirmed; one
nobody answers is retried, then failed with its console event.

Demo rooms: 102 John Smith (en, international), 201 王小明 (zh, local calls only).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import load_secrets
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER
from tests.harness.dialog import Caller
from tests.harness.hotel_phones import answered, registered_hotel_phones
from tests.harness.observer import AriObserver
from tests.harness.pbx import Pbx
from tests.harness.phone import RegisteredPhone, SipStack


@pytest.fixture(scope="module")
def hotel_secrets(pbx: Pbx) -> dict[str, str]:
    secrets = load_secrets(pbx.runtime / "secrets.env", generate=False)
    return {
        k.removeprefix("hotel_phone_"): v
        for k, v in secrets.items()
        if k.startswith("hotel_phone_")
    }


def register(sip: SipStack, pbx: Pbx, extension: str, secrets: dict[str, str]) -> RegisteredPhone:
    """The hotel's own phone, registered with the secret the hotel wrote (one SIP account
    per extension for the session, shared with the other hotel tests)."""
    assert extension in secrets, f"the hotel wrote no secret for {extension}"
    return registered_hotel_phones(sip, pbx, [extension])[extension]


@pytest.fixture(scope="module")
def room102(sip: SipStack, pbx: Pbx, hotel_secrets: dict[str, str]) -> Iterator[RegisteredPhone]:
    yield register(sip, pbx, "102", hotel_secrets)


@pytest.fixture(scope="module")
def room201(sip: SipStack, pbx: Pbx, hotel_secrets: dict[str, str]) -> Iterator[RegisteredPhone]:
    yield register(sip, pbx, "201", hotel_secrets)


def call_from(sip: SipStack, observer: AriObserver, phone: RegisteredPhone, number: str) -> Caller:
    mark = observer.mark()
    call = phone.dial(number)
    return Caller(sip, observer, call, mark, f"PJSIP/{phone.user}-")


def test_every_room_and_staff_phone_exists_and_a_room_calls_another(
    sip: SipStack,
    pbx: Pbx,
    observer: AriObserver,
    room102: RegisteredPhone,
    room201: RegisteredPhone,
) -> None:
    phones = pbx.query("SELECT extension, context, language FROM sip_phone WHERE owner = 'hotel'")
    by_ext = {p["extension"]: p for p in phones}
    assert {"101", "102", "206", "2001", "2100"} <= set(by_ext)
    assert by_ext["101"]["context"] == "hotel-rooms" and by_ext["101"]["language"] == "zh"
    assert by_ext["102"]["language"] == "en"
    secrets_text = (pbx.runtime / "secrets.env").read_text()
    assert "hotel_phone_101=" in secrets_text
    caller = call_from(sip, observer, room102, "201")
    incoming = sip.wait_incoming("201")
    assert "102" in incoming.from_uri
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, "201 answered")
    sip.pump(1)
    caller.hang_up()
    sip.wait_until(lambda: incoming.call.disconnected, 10, "201 hung up too")


def test_a_forbidden_number_hears_call_the_operator_and_nothing_is_dialled(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room201: RegisteredPhone
) -> None:
    caller = call_from(sip, observer, room201, "901012345678")  # national; 201 is local-only
    caller.expect("hotel-room-call-operator", lang="zh")
    caller.wait_hangup(20)
    sip.pump(1)
    assert sip.incoming_to("01012345678") == []
    assert pbx.query("SELECT id FROM hotel_folio_posting WHERE destination = '01012345678'") == []


def test_an_allowed_number_shows_the_hotel_and_is_posted_once_rated(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room102: RegisteredPhone
) -> None:
    caller = call_from(sip, observer, room102, "900441234567")
    incoming = sip.wait_incoming("00441234567")
    assert HOTEL_MAIN_NUMBER in incoming.from_uri
    assert HOTEL_MAIN_NUMBER in incoming.header("P-Asserted-Identity")
    assert "102" not in incoming.from_uri
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, "the far end answered")
    sip.pump(3)
    incoming.call.hangup()
    caller.wait_hangup(15)
    wait_db(
        sip,
        pbx,
        "SELECT p.* FROM hotel_folio_posting p JOIN hotel_room r ON r.id = p.room_id "
        "WHERE p.destination = '00441234567' AND r.number = '102'",
        (),
        "the posting",
    )
    sip.pump(1)
    rows = pbx.query("SELECT * FROM hotel_folio_posting WHERE destination = '00441234567'")
    assert len(rows) == 1
    posting = rows[0]
    # Demo tariff 0044: 7.00 a started minute; a few seconds bridged is one minute.
    assert posting["amount"] == 700 and posting["call_type"] == "direct"
    assert 2 <= posting["seconds"] <= 10
    assert posting["posting_key"].startswith("direct-")


def test_112_goes_straight_out_and_the_console_hears_of_it(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room201: RegisteredPhone
) -> None:
    caller = call_from(sip, observer, room201, "112")
    incoming = sip.wait_incoming("112")
    assert HOTEL_MAIN_NUMBER in incoming.from_uri
    assert "hotel alert hotel.emergency" in pbx.log()
    line = [ln for ln in pbx.log().splitlines() if "hotel alert hotel.emergency" in ln][-1]
    assert "'room': '201'" in line and "'number': '112'" in line
    incoming.call.answer(200)
    sip.wait_until(lambda: incoming.call.state == "CONFIRMED", 10, "112 answered")
    sip.pump(1)
    caller.hang_up()
    sip.wait_until(lambda: incoming.call.disconnected, 10, "112 hung up too")


def wait_db(sip: SipStack, pbx: Pbx, sql: str, params: tuple[object, ...], what: str) -> list:
    """Rows once the query finds some, pumping SIP meanwhile (the phones must keep up)."""
    found: list = []

    def ready() -> bool:
        found[:] = pbx.query(sql, params)
        return bool(found)

    sip.wait_until(ready, 20, what)
    return found


def dnd(pbx: Pbx, room: str) -> bool:
    return bool(pbx.query("SELECT dnd FROM hotel_room WHERE number = ?", (room,))[0]["dnd"])


def test_dnd_codes_toggle_the_guests_dnd(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room102: RegisteredPhone
) -> None:
    assert not dnd(pbx, "102")
    caller = call_from(sip, observer, room102, "*78")
    caller.expect("hotel-room-dnd-on", lang="en")
    caller.wait_hangup(20)
    assert dnd(pbx, "102")
    caller = call_from(sip, observer, room102, "*79")
    caller.expect("hotel-room-dnd-off", lang="en")
    caller.wait_hangup(20)
    assert not dnd(pbx, "102")


def test_a_room_on_dnd_is_not_rung_by_another_room_whose_caller_reaches_its_voicemail(
    sip: SipStack,
    pbx: Pbx,
    observer: AriObserver,
    room102: RegisteredPhone,
    room201: RegisteredPhone,
) -> None:
    caller = call_from(sip, observer, room201, "*78")
    caller.expect("hotel-room-dnd-on", lang="zh")
    caller.wait_hangup(20)
    assert "/switchboard-dnd/201" in pbx.asterisk_cli("database show switchboard-dnd")
    rung = len(room201.incoming)
    try:
        caller = call_from(sip, observer, room102, "201")
        in_voicemail = lambda: any(  # noqa: E731
            ch["dialplan"]["app_name"] == "VoiceMail" for ch in pbx.ari("/channels")
        )
        sip.wait_until(in_voicemail, 10, "room 102's call in room 201's voicemail")
        sip.pump(2)
        assert len(room201.incoming) == rung, "room 201 rang although on do-not-disturb"
        caller.hang_up()
    finally:
        caller = call_from(sip, observer, room201, "*79")
        caller.expect("hotel-room-dnd-off", lang="zh")
        caller.wait_hangup(20)
    assert "/switchboard-dnd/201" not in pbx.asterisk_cli("database show switchboard-dnd")
    # Telling Asterisk a room is not on DND (every room, at start) is never an error.
    assert "do-not-disturb not set" not in pbx.log()


def wakeups(pbx: Pbx, room: str) -> list:
    return pbx.query(
        "SELECT w.* FROM hotel_wakeup w JOIN hotel_room r ON r.id = w.room_id "
        "WHERE r.number = ? ORDER BY w.id",
        (room,),
    )


def test_a_wakeup_set_from_the_phone_rings_the_room_and_the_key_confirms_it(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room102: RegisteredPhone
) -> None:
    before = len(wakeups(pbx, "102"))
    caller = call_from(sip, observer, room102, "*55")
    caller.expect("hotel-room-wakeup-enter", lang="en")
    caller.press("0630#")
    caller.expect("hotel-room-wakeup-at", lang="en")
    caller.expect("hotel-room-wakeup-menu", lang="en")
    caller.press("1")
    caller.expect("hotel-room-wakeup-set", lang="en")
    caller.wait_hangup(20)
    heard = caller.prompts()
    at = heard.index("en/hotel-room-wakeup-at")
    menu = heard.index("en/hotel-room-wakeup-menu")
    assert menu - at >= 2, heard  # the time itself was spoken between them
    rows = wakeups(pbx, "102")
    assert len(rows) == before + 1
    row = rows[-1]
    assert (row["time_of_day"], row["daily"], row["state"]) == ("0630", 0, "scheduled")

    # Make it due now: the scheduler (polling every 5 s) rings the room.
    pbx.execute("UPDATE hotel_wakeup SET due_at = '2000-01-01 00:00:00' WHERE id = ?", (row["id"],))
    mark = observer.mark()
    ring = answered(sip, "102", timeout=20).call
    sip.wait_until(lambda: ring.media_ready, 10, "the wake-up's audio")
    channel = observer.channel(mark, "PJSIP/102-")
    assert channel is not None
    observer_wait_prompt(sip, observer, channel, mark, "hotel-room-wakeup-message")
    ring.dtmf("1")
    observer_wait_prompt(sip, observer, channel, mark, "hotel-room-wakeup-confirmed")
    sip.wait_until(lambda: ring.disconnected, 20, "the wake-up call to end")
    wait_db(
        sip,
        pbx,
        "SELECT * FROM hotel_wakeup WHERE id = ? AND state = 'done'",
        (row["id"],),
        "the wake-up marked done",
    )


def test_the_snooze_key_rings_again_later(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room201: RegisteredPhone
) -> None:
    pbx.admin("hotel", "wakeup", "201", "0545")
    row = wakeups(pbx, "201")[-1]
    pbx.execute("UPDATE hotel_wakeup SET due_at = '2000-01-01 00:00:00' WHERE id = ?", (row["id"],))
    mark = observer.mark()
    ring = answered(sip, "201", timeout=20).call
    sip.wait_until(lambda: ring.media_ready, 10, "the wake-up's audio")
    channel = observer.channel(mark, "PJSIP/201-")
    assert channel is not None
    observer_wait_prompt(sip, observer, channel, mark, "zh/hotel-room-wakeup-message")
    ring.dtmf("2")
    observer_wait_prompt(sip, observer, channel, mark, "zh/hotel-room-wakeup-snoozed")
    sip.wait_until(lambda: ring.disconnected, 20, "the wake-up call to end")
    [snoozed] = wait_db(
        sip,
        pbx,
        "SELECT * FROM hotel_wakeup WHERE id = ? AND state = 'scheduled' AND due_at > '2001-01-01'",
        (row["id"],),
        "the wake-up snoozed",
    )
    assert snoozed["attempts"] == 0
    pbx.admin("hotel", "wakeup", "201", "--cancel")


def observer_wait_prompt(
    sip: SipStack, observer: AriObserver, channel: str, mark: int, key: str
) -> None:
    sip.wait_until(
        lambda: any(p.endswith(key) for p in observer.prompts_played(channel, mark)),
        20,
        f"{key} to play",
    )


def test_a_wakeup_nobody_answers_is_retried_then_failed_and_the_console_alerted(
    sip: SipStack, pbx: Pbx, observer: AriObserver, room201: RegisteredPhone
) -> None:
    pbx.admin("hotel", "wakeup", "201", "0700")
    row = wakeups(pbx, "201")[-1]
    for attempt in (1, 2, 3):
        pbx.execute(
            "UPDATE hotel_wakeup SET due_at = '2000-01-01 00:00:00' WHERE id = ?", (row["id"],)
        )
        incoming = sip.wait_incoming("201", timeout=20)
        incoming.call.answer(486)  # busy: not answered, at once
        wait_db(
            sip,
            pbx,
            "SELECT * FROM hotel_wakeup WHERE id = ? AND attempts = ?",
            (row["id"], attempt),
            f"attempt {attempt} recorded",
        )
    failed = pbx.query("SELECT * FROM hotel_wakeup WHERE id = ?", (row["id"],))[0]
    assert failed["state"] == "failed"
    assert any(
        "hotel alert hotel.wakeup.failed" in ln and "'room': '201'" in ln
        for ln in pbx.log().splitlines()
    )
