"""Phone numbers as the digits they are made of. Pure."""

from __future__ import annotations


def digits_of(number: str | None) -> str:
    """Only the ASCII digits: a leading `+`, spaces or dashes from a carrier are not part
    of the number, and no other script's digits can reach a dial string or a comparison."""
    return "".join(ch for ch in (number or "") if ch.isascii() and ch.isdigit())
