"""Emptying a phone's voicemail box on disk: everything, or only what an earlier user left."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.config import Settings, load_settings
from app.telephony.voicemail import empty_box, voicemail_box

CHECKED_IN = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
EARLIER = datetime(2026, 12, 1, 9, 0, tzinfo=UTC).timestamp()
LATER = datetime(2026, 12, 2, 15, 0, tzinfo=UTC).timestamp()


def _settings(runtime: Path) -> Settings:
    return load_settings({"SWITCHBOARD_RUNTIME": str(runtime)}, generate_secrets=False)


def _file(path: Path, when: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    os.utime(path, (when, when))


@pytest.fixture
def box(tmp_path: Path) -> Path:
    settings = _settings(tmp_path)
    box = voicemail_box(settings, "102")
    messages = (("INBOX/msg0000", EARLIER), ("Old/msg0000", EARLIER), ("INBOX/msg0001", LATER))
    for stem, when in messages:
        _file(box / f"{stem}.txt", when)
        _file(box / f"{stem}.wav", when)
    _file(box / "unavail.wav", EARLIER)
    _file(box / "greet.wav", LATER)
    return box


def test_only_what_came_before_the_guest_checked_in_goes(box: Path) -> None:
    settings = _settings(box.parents[3])
    assert empty_box(settings, "102", before=CHECKED_IN) == 2
    left = sorted(str(p.relative_to(box)) for p in box.rglob("*") if p.is_file())
    assert left == ["INBOX/msg0001.txt", "INBOX/msg0001.wav", "greet.wav"]
    assert empty_box(settings, "102", before=CHECKED_IN) == 0  # idempotent


def test_a_vacant_rooms_box_goes_whole(box: Path) -> None:
    settings = _settings(box.parents[3])
    assert empty_box(settings, "102") == 3
    assert not box.exists()
    assert empty_box(settings, "102") == 0


def test_an_extension_is_digits_only(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(ValueError):
        voicemail_box(settings, "../102")
