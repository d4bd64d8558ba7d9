"""Staff roles: a plain validated set. The call centre adds `agent` and `supervisor` by
extending it here; the database stores the role as text with no check constraint, so adding
a role needs no migration."""

from __future__ import annotations

from collections.abc import Iterable

OPERATOR = "operator"
FRONTDESK = "frontdesk"
ADMIN = "admin"

ROLES: frozenset[str] = frozenset({OPERATOR, FRONTDESK, ADMIN})
EVERY_ROLE = ROLES


class UnknownRole(ValueError):
    def __init__(self, role: str) -> None:
        super().__init__(f"unknown role {role!r} (one of: {', '.join(sorted(ROLES))})")
        self.role = role


def checked_role(role: str) -> str:
    if role not in ROLES:
        raise UnknownRole(role)
    return role


def checked_roles(roles: Iterable[str]) -> frozenset[str]:
    """A contribution's roles, checked when it is built: a typo must fail at start, not
    lock everybody out of a page silently."""
    return frozenset(checked_role(role) for role in roles)
