"""The phones as Asterisk configuration and dialplan: what each phone renders into, what a
disabled one does not, and that no stored value can carry config syntax in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.pbx.dids import carrier_includes
from app.pbx.phones.dialplan import leave_message, my_messages, ring_extensions, ring_phone
from app.pbx.phones.repository import Phone
from app.pbx.phones.rules import PhoneRefused, PhoneSpec, check, clean_name, secret_digest
from app.pbx.phones.sections import pjsip_phones, voicemail_boxes
from app.system import DialplanInclude


def phone(extension: str, **changes: object) -> Phone:
    fields: dict[str, object] = {
        "extension": extension,
        "context": "hotel-rooms",
        "display_name": f"Room {extension}",
        "language": "zh",
        "mailbox": True,
        "owner": "hotel",
        "enabled": True,
        "message_lamp": False,
        "secret_digest": secret_digest(extension, "s3cret"),
        "created_at": datetime(2026, 12, 1, tzinfo=UTC),
    }
    fields.update(changes)
    return Phone(**fields)  # type: ignore[arg-type]


def test_a_phone_is_an_endpoint_an_aor_and_an_auth_with_its_digest() -> None:
    body = pjsip_phones([phone("202", mailbox=False), phone("201")])
    assert body.index("[201](registered-phone-endpoint)") < body.index("[202]")
    section = body.split("[202](registered-phone-endpoint)")[0]
    assert "context = hotel-rooms\n" in section
    assert 'callerid = "Room 201" <201>\n' in section
    assert "language = zh\n" in section
    assert "mailboxes = 201@switchboard,201@switchboard-lamps\n" in section
    assert "[201](registered-phone-aor)\n" in section
    assert f"username = 201\nmd5_cred = {secret_digest('201', 's3cret')}\n" in section
    assert "s3cret" not in body
    # No box, still a lamp the controller can light.
    assert "mailboxes = 202@switchboard-lamps\n" in body


def test_the_digest_is_ha1_over_the_realm() -> None:
    # md5("201:switchboard:s3cret"), what a phone computes from the challenge's realm.
    import hashlib

    assert secret_digest("201", "s3cret") == hashlib.md5(b"201:switchboard:s3cret").hexdigest()


def test_disabled_phones_are_not_rendered_and_boxes_only_where_asked() -> None:
    phones = [phone("201"), phone("202", enabled=False), phone("203", mailbox=False)]
    assert "[202]" not in pjsip_phones(phones)
    boxes = voicemail_boxes(phones).splitlines()
    assert boxes[1] == "[switchboard]"
    assert [line.split(" => ")[0] for line in boxes[2:]] == ["201"]
    pin, name = boxes[2].split(" => ")[1].split(",")
    assert pin.isdigit() and len(pin) == 8 and name == "Room 201"
    # Derived per phone, so no two boxes share a guessable default.
    other = voicemail_boxes([phone("201", secret_digest="0" * 32)]).splitlines()[2]
    assert other != boxes[2]


def test_no_phones_render_files_asterisk_still_loads() -> None:
    assert pjsip_phones([]).startswith("; Written by switchboard")
    assert voicemail_boxes([]).splitlines()[1:] == ["[switchboard]"]


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ('Room "201"', "Room 201"),
        ("Li, Wei; x=1 [a]", "Li Wei x1 a"),
        ("王先生", "王先生"),
        ("a\nb", "ab"),
    ],
)
def test_display_names_lose_what_would_break_a_config_line(name: str, clean: str) -> None:
    assert clean_name(name) == clean
    assert check(PhoneSpec("201", "hotel-rooms", "hotel", name)).display_name == clean


@pytest.mark.parametrize(
    "spec",
    [
        PhoneSpec("20 1", "hotel-rooms", "hotel"),
        PhoneSpec("201\n[x]", "hotel-rooms", "hotel"),
        PhoneSpec("123456789", "hotel-rooms", "hotel"),
        PhoneSpec("201", "hotel rooms", "hotel"),
        PhoneSpec("201", "catch-all", "hotel"),
        PhoneSpec("201", "hotel-rooms", "Hotel!"),
        PhoneSpec("201", "hotel-rooms", "hotel", language="en;x"),
    ],
)
def test_bad_specs_are_refused(spec: PhoneSpec) -> None:
    with pytest.raises(PhoneRefused):
        check(spec)


def test_dialplan_helpers() -> None:
    assert ring_extensions("_2XX", 20) == (
        "exten => _2XX,1,Gosub(switchboard-ring-phone,s,1(${EXTEN},20))\n same => n,Hangup()"
    )
    assert ring_phone("0", "8001", 12).startswith(
        "exten => 0,1,Gosub(switchboard-ring-phone,s,1(8001,12))"
    )
    assert leave_message("7201", "201").startswith(
        "exten => 7201,1,Gosub(switchboard-leave-message,s,1(201))"
    )
    assert my_messages().startswith("exten => *98,1,Gosub(switchboard-my-messages,s,1)")
    for bad in ("2XX", "_2XX)\nexten => 9", "*98,1"):
        with pytest.raises(ValueError):
            ring_extensions(bad, 20)
    with pytest.raises(ValueError):
        ring_extensions("_2XX", 0)
    with pytest.raises(ValueError):
        ring_phone("0", "80a", 10)


def test_a_phones_context_is_never_reachable_from_the_carrier() -> None:
    includes = [
        DialplanInclude("extensions_pool.conf", "masking-pool"),
        DialplanInclude("/srv/hotel/rooms.conf", "hotel-rooms", carrier=False),
    ]
    assert carrier_includes(includes) == "include => masking-pool"
