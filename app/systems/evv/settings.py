"""The EVV line's settings, read from the environment (SWITCHBOARD_EVV_*)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.calls.languages import LineLanguages, languages_env

# Seed 000's menu: 1 English, 2 Spanish, 3 Russian, 4 Somali, 5 Mandarin, 6 Arabic.
EVV_LANGUAGES = ("en", "es", "ru", "so", "zh", "ar")


@dataclass(frozen=True)
class EvvSettings:
    languages: LineLanguages = field(default_factory=lambda: LineLanguages(EVV_LANGUAGES))


def load_evv(env: Mapping[str, str]) -> EvvSettings:
    return EvvSettings(languages=languages_env(env, "SWITCHBOARD_EVV_LANGUAGES", EVV_LANGUAGES))
