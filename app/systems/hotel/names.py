"""Latin spellings of Chinese names (pypinyin), for registering and finding guests."""

from __future__ import annotations

from pypinyin import lazy_pinyin


def has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def pinyin(name: str) -> str:
    """张伟 -> "Zhang Wei": surname first, as Chinese names are written; non-Chinese text
    is kept as it is."""
    if not has_han(name):
        return name.strip()
    syllables = [s.strip() for s in lazy_pinyin(name) if s.strip()]
    if not syllables:
        return name.strip()
    if len(syllables) == 1:
        return syllables[0].capitalize()
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
