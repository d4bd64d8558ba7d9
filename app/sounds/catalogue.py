"""The prompt catalogue: what each prompt says, per language.

Layout: `sounds/catalogue/<lang>/<group>.toml`, one top-level table per prompt key with a
`text` and optionally `source = "recorded"`. All groups of a language merge into one key space,
so a key defined twice in one language is an error. Audio for a prompt is
`sounds/<lang>/<key>.wav`, which Asterisk plays as `sound:switchboard/<lang>/<key>`.

Run `python -m app.sounds.catalogue [root]` to list missing translations.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The one list of languages the platform speaks (the speech code has a grammar for each).
from app.calls.speech import LANGUAGES, reachable_keys

SOURCE_LANGUAGE = "en"
# Number words differ per language by design (each grammar needs its own units); they are
# checked against what the speech code can produce instead of against English.
NUMBERS_GROUP = "numbers"

_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_FIELDS = frozenset({"text", "source"})


class CatalogueError(ValueError):
    """The catalogue files break the format (bad key, field, language or a duplicate)."""


@dataclass(frozen=True)
class Prompt:
    key: str
    lang: str
    text: str
    group: str  # the file it came from, without .toml
    recorded: bool


class Catalogue:
    def __init__(self, prompts: Mapping[str, Mapping[str, Prompt]]) -> None:
        self._prompts = {lang: dict(by_key) for lang, by_key in prompts.items()}

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang in self._prompts)

    def keys(self, lang: str) -> set[str]:
        return set(self._prompts.get(lang, {}))

    def prompt(self, key: str, lang: str) -> Prompt:
        try:
            return self._prompts[lang][key]
        except KeyError:
            raise KeyError(f"no prompt {key!r} in language {lang!r}") from None

    def text(self, key: str, lang: str) -> str:
        return self.prompt(key, lang).text

    def is_recorded(self, key: str, lang: str) -> bool:
        return self.prompt(key, lang).recorded


def catalogue_dir(root: Path) -> Path:
    """`root` is the sounds folder (holding `catalogue/`) or the catalogue folder itself."""
    return root / "catalogue" if (root / "catalogue").is_dir() else root


def _prompt(path: Path, lang: str, key: str, entry: object) -> Prompt:
    where = f"{path}: [{key}]"
    if not _KEY.fullmatch(key):
        raise CatalogueError(f"{where}: keys are lowercase words joined by dashes")
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: must be a table")
    if unknown := set(entry) - _FIELDS:
        raise CatalogueError(f"{where}: unknown fields {sorted(unknown)}")
    text, source = entry.get("text"), entry.get("source")
    if not isinstance(text, str) or not text.strip():
        raise CatalogueError(f"{where}: text must be a non-empty string")
    if source not in (None, "recorded"):
        raise CatalogueError(f'{where}: source can only be "recorded"')
    return Prompt(key, lang, text, path.stem, source == "recorded")


def load_catalogue(root: Path) -> Catalogue:
    base = catalogue_dir(root)
    prompts: dict[str, dict[str, Prompt]] = {}
    for lang_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        lang = lang_dir.name
        if lang not in LANGUAGES:
            raise CatalogueError(f"{lang_dir}: unknown language (expected one of {LANGUAGES})")
        by_key = prompts.setdefault(lang, {})
        for path in sorted(lang_dir.glob("*.toml")):
            with path.open("rb") as f:
                try:
                    table = tomllib.load(f)
                except tomllib.TOMLDecodeError as e:
                    raise CatalogueError(f"{path}: {e}") from e
            for key, entry in table.items():
                if key in by_key:
                    first = by_key[key].group
                    raise CatalogueError(f"{path}: [{key}] is already defined in {first}.toml")
                by_key[key] = _prompt(path, lang, key, entry)
    return Catalogue(prompts)


def missing(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(lang, key) pairs a call could ask for but the catalogue lacks, sorted.

    Two rules: every English prompt outside the numbers group exists in every language that
    has a file of its group (a system speaking only some languages, the hotel's zh and en,
    ships its group in those), and every key the speech code can return for a language
    exists in that language.
    """
    gaps: set[tuple[str, str]] = set()
    for lang in LANGUAGES:
        have = catalogue.keys(lang)
        # A language with no prompts at all lacks every group.
        groups = {catalogue.prompt(key, lang).group for key in have} or {
            catalogue.prompt(key, SOURCE_LANGUAGE).group
            for key in catalogue.keys(SOURCE_LANGUAGE)
        }
        shared = {
            key
            for key in catalogue.keys(SOURCE_LANGUAGE)
            if (group := catalogue.prompt(key, SOURCE_LANGUAGE).group) != NUMBERS_GROUP
            and group in groups
        }
        gaps.update((lang, key) for key in (shared | reachable_keys(lang)) - have)
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    return sorted(gaps, key=lambda gap: (order[gap[0]], gap[1]))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "sounds"
    gaps = missing(load_catalogue(root))
    for lang, key in gaps:
        print(f"missing {lang}/{key}")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(main())
