"""Finding a guest the way an operator asks (seed 002: by name or room): a room number
or its beginning, part of the Chinese name, or Latin letters matched against the guest's
Latin name and the pinyin of the Chinese name (tone marks, case, spaces and hyphens do not
matter; "zhang wei", "zhangwei", "wei zhang", "zhan" and the initials "zw" all find
张伟). The pinyin itself is worked out outside the rules (app/systems/hotel/names.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchEntry:
    guest_id: int
    room_number: str
    name: str
    # Latin spellings: the name as registered (passport) and the pinyin of the name.
    spellings: tuple[str, ...]


def fold(text: str) -> str:
    """Lower case without tone marks or accents (ǎ -> a, ü -> u)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-'’.,·]+", fold(text)) if w]


def _latin_score(query: list[str], spelling: str) -> int:
    spelled = words(spelling)
    if not spelled or not query:
        return 0
    joined_query, joined = "".join(query), "".join(spelled)
    if joined_query == joined:
        return 90
    if joined.startswith(joined_query):
        return 70
    # Every query word begins some word of the name, in any order ("wei zhang").
    if all(any(word.startswith(q) for word in spelled) for q in query):
        return 60
    if len(joined_query) >= 2 and joined_query == "".join(w[0] for w in spelled):
        return 50
    if len(joined_query) >= 3 and joined_query in joined:
        return 30
    return 0


def score(query: str, entry: SearchEntry) -> int:
    """How well `entry` answers `query`; 0 for not at all."""
    text = query.strip()
    if not text:
        return 0
    if text.isdigit():
        if entry.room_number == text:
            return 100
        return 40 if entry.room_number.startswith(text) else 0
    if text in entry.name:
        return 95 if entry.name == text else 80
    query_words = words(text)
    return max((_latin_score(query_words, s) for s in entry.spellings), default=0)


def search(query: str, entries: Iterable[SearchEntry]) -> list[SearchEntry]:
    """The matching guests, best first (then by room)."""
    scored = [(score(query, entry), entry) for entry in entries]
    found = [(s, e) for s, e in scored if s > 0]
    found.sort(key=lambda pair: (-pair[0], pair[1].room_number, pair[1].guest_id))
    return [entry for _, entry in found]
