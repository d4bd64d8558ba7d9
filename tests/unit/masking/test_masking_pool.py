"""The fictitious-number pool's dialplan, and the masked-calling settings."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.systems.masking.pool import ensure_pool_file, pool_dialplan, pool_path, write_pool
from app.systems.masking.settings import load_masking


def test_pool_dialplan_sends_each_number_to_the_inbound_flow() -> None:
    text = pool_dialplan(["234234302", "234234301", "234234301"], "switchboard")
    assert text.splitlines()[1:] == [
        "[masking-pool]",
        "exten => 234234301,1,Stasis(switchboard,masking-inbound,234234301)",
        " same => n,Hangup()",
        "exten => 234234302,1,Stasis(switchboard,masking-inbound,234234302)",
        " same => n,Hangup()",
    ]


def test_only_digit_numbers_reach_the_dialplan() -> None:
    text = pool_dialplan(["_X.", "1,Dial(PJSIP/x)", "234234301"], "switchboard")
    assert "Dial" not in text and "_X." not in text and "234234301" in text


def test_write_pool_reports_changes(tmp_path: Path) -> None:
    settings = Settings(runtime_dir=tmp_path, database_url="sqlite://")
    (tmp_path / "etc").mkdir()
    ensure_pool_file(settings)
    assert "[masking-pool]" in pool_path(settings).read_text()
    assert write_pool(settings, ["234234301"])
    assert not write_pool(settings, ["234234301"])
    ensure_pool_file(settings)  # an existing pool is never emptied by a re-render
    assert "234234301" in pool_path(settings).read_text()


def test_masking_settings_from_the_environment() -> None:
    default = load_masking({})
    assert default.allowed_prefixes == ("2", "3", "4", "5", "6", "7", "8", "9")
    assert default.ring_timeout == 30.0
    custom = load_masking(
        {
            "SWITCHBOARD_MASKING_PREFIXES": "00, 2",
            "SWITCHBOARD_MASKING_MAX_DIGITS": "15",
            "SWITCHBOARD_MASKING_RING_TIMEOUT": "4.5",
            "SWITCHBOARD_MASKING_CALLBACK_EXPIRY_HOURS": "24",
        }
    )
    assert custom.allowed_prefixes == ("00", "2")
    assert (custom.max_digits, custom.ring_timeout, custom.callback_expiry_hours) == (15, 4.5, 24)
