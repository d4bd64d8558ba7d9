"""The phones table through the platform API (PhoneDirectory) and `switchboard phones`,
on SQLite and PostgreSQL, with no Asterisk running: every change is stored, the files
are written, and the API says Asterisk was not reached."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cli import main
from app.config import Ports, Settings
from app.pbx.phones.directory import PhoneDirectory
from app.pbx.phones.rules import PhoneRefused, PhoneSpec, secret_digest
from app.pbx.phones.sections import PJSIP_FILE, VOICEMAIL_FILE
from app.telephony.lamps import PLACEHOLDER, lamp_inbox
from tests.harness.pbx import free_port


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    # An AMI port nobody listens on: publishing must fail politely, not hang.
    return Settings(
        runtime_dir=tmp_path,
        database_url=db_url,
        ports=Ports(ami=free_port()),
        secrets={"ami_secret": "not-used"},
    )


@pytest.fixture
def directory(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> PhoneDirectory:
    return PhoneDirectory(settings, sessionmaker)


def room(number: str, *, owner: str = "hotel", **changes: object) -> PhoneSpec:
    fields: dict[str, object] = {
        "extension": number,
        "context": "hotel-rooms",
        "owner": owner,
        "display_name": f"Room {number}",
        "language": "zh",
        "mailbox": True,
    }
    fields.update(changes)
    return PhoneSpec(**fields)  # type: ignore[arg-type]


def rendered(settings: Settings, name: str = PJSIP_FILE) -> str:
    return (settings.runtime_dir / "etc" / name).read_text()


async def test_a_phone_is_stored_with_its_digest_never_its_secret(
    directory: PhoneDirectory, settings: Settings
) -> None:
    created = await directory.add(room("201"))
    assert len(created.secret) >= 20
    phone = await directory.get("201")
    assert phone is not None
    assert phone.secret_digest == secret_digest("201", created.secret)
    assert (phone.context, phone.language, phone.mailbox, phone.owner) == (
        "hotel-rooms",
        "zh",
        True,
        "hotel",
    )
    assert phone.enabled and not phone.message_lamp
    # Written for Asterisk's next start, and said to be not applied now.
    assert not directory.reached_asterisk
    assert f"md5_cred = {phone.secret_digest}" in rendered(settings)
    assert created.secret not in rendered(settings)
    assert "201 => " in rendered(settings, VOICEMAIL_FILE)


async def test_an_extension_is_created_once(directory: PhoneDirectory) -> None:
    await directory.add(room("201"))
    with pytest.raises(PhoneRefused, match="already exists"):
        await directory.add(room("201", owner="callcentre"))
    assert [phone.owner for phone in await directory.list()] == ["hotel"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"extension": "2x1"}, "2 to 8 digits"),
        ({"extension": "1001"}, "demo phone"),
        ({"context": "from-carrier"}, "platform's"),
        ({"context": "Rooms;x"}, "lower-case"),
        ({"language": "chinese"}, "language code"),
    ],
)
async def test_bad_fields_are_refused_before_anything_is_written(
    directory: PhoneDirectory, change: dict[str, object], message: str
) -> None:
    with pytest.raises(PhoneRefused, match=message):
        await directory.add(room("201", **change))
    assert await directory.list() == []


async def test_a_system_ensures_its_phones_and_keeps_their_secrets(
    directory: PhoneDirectory, settings: Settings
) -> None:
    first = await directory.ensure_all([room("201"), room("202")])
    assert [new.extension for new in first] == ["201", "202"]
    digest = (await directory.get("201")).secret_digest  # type: ignore[union-attr]
    again = await directory.ensure_all(
        [room("201", display_name="Suite 201", language="en"), room("202"), room("203")]
    )
    assert [new.extension for new in again] == ["203"]
    phone = await directory.get("201")
    assert phone is not None
    assert (phone.display_name, phone.language, phone.secret_digest) == ("Suite 201", "en", digest)
    assert '"Suite 201" <201>' in rendered(settings)

    with pytest.raises(PhoneRefused, match="belongs to hotel"):
        await directory.ensure_all(
            [room("204", owner="callcentre"), room("201", owner="callcentre")]
        )
    assert await directory.get("204") is None
    assert [p.extension for p in await directory.list(owner="hotel")] == ["201", "202", "203"]


async def test_a_new_secret_replaces_the_old_one(directory: PhoneDirectory) -> None:
    first = await directory.add(room("201"))
    renewed = await directory.renew_secret("201")
    assert renewed.secret != first.secret
    phone = await directory.get("201")
    assert phone is not None and phone.secret_digest == secret_digest("201", renewed.secret)
    with pytest.raises(PhoneRefused, match="no phone"):
        await directory.renew_secret("299")


async def test_a_disabled_phone_is_no_endpoint_and_has_no_box(
    directory: PhoneDirectory, settings: Settings
) -> None:
    await directory.ensure_all([room("201"), room("202")])
    await directory.set_enabled("201", False)
    assert "[201]" not in rendered(settings) and "[202]" in rendered(settings)
    assert "201 =>" not in rendered(settings, VOICEMAIL_FILE)
    await directory.set_enabled("201", True)
    assert "[201]" in rendered(settings)
    with pytest.raises(PhoneRefused):
        await directory.set_enabled("299", False)


async def test_the_lamp_is_stored_and_restored(
    directory: PhoneDirectory, settings: Settings
) -> None:
    await directory.ensure_all([room("201"), room("202")])
    placeholder = lamp_inbox(settings, "201") / PLACEHOLDER
    await directory.set_lamp("201", True)
    assert placeholder.exists()
    assert not directory.reached_asterisk
    # Asterisk's spool lost (a new machine, a wiped runtime): the table lights it again.
    placeholder.unlink()
    await directory.restore_lamps()
    assert placeholder.exists()
    assert not (lamp_inbox(settings, "202") / PLACEHOLDER).exists()
    await directory.set_lamp("201", False)
    assert not placeholder.exists()
    phone = await directory.get("201")
    assert phone is not None and not phone.message_lamp


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SWITCHBOARD_RUNTIME", str(tmp_path / "var"))
    (tmp_path / "var" / "etc").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_phones_command(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["phones", "add", "301", "--context", "my-phones", "--name", "Desk", "--mailbox"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "phone 301 added" in out
    secret = out.split("(shown once, not stored): ", 1)[1].split()[0]
    assert "could not be asked" in out
    assert secret not in (cli_env / "var" / "etc" / PJSIP_FILE).read_text()

    assert main(["phones", "list"]) == 0
    row = capsys.readouterr().out.splitlines()[1].split()
    assert row[:5] == ["301", "Desk", "my-phones", "en", "yes"]
    assert row[-2:] == ["enabled", "off"]

    assert main(["phones", "secret", "301"]) == 0
    assert secret not in capsys.readouterr().out
    assert main(["phones", "disable", "301"]) == 0
    assert "phone 301 disabled" in capsys.readouterr().out
    assert main(["phones", "lamp", "301", "on"]) == 0
    assert main(["phones", "list", "--owner", "admin"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].split()[-2:] == ["disabled", "on"]

    assert main(["phones", "add", "301", "--context", "my-phones"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["phones", "secret", "999"]) == 2
    assert "no phone with extension 999" in capsys.readouterr().err
