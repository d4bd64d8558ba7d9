"""The hotel operator flows' prompt keys (sounds/catalogue/{zh,en}/hotel-operator.toml)."""

from __future__ import annotations

from collections.abc import Sequence

from app.calls.call import Prompt

# Outside callers do not say which language they speak: they hear Mandarin, then English.
BOTH = ("zh", "en")

GREETING = "hotel-greeting"  # "您好，<hotel>" / "Hello, <hotel>"
OPERATOR_HELLO = "hotel-operator-hello"  # "Operator，您好，总机" / "Operator, hello"
NOBODY_ANSWERS = "hotel-operator-busy"


def in_both(*keys: str) -> Sequence[Prompt]:
    return [Prompt(key, lang) for lang in BOTH for key in keys]
