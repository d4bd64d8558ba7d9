"""Errors the repositories raise on purpose."""

from __future__ import annotations


class NotFoundError(LookupError):
    """A row the caller was entitled to expect is absent."""
