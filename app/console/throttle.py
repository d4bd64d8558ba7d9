"""Sign-in throttling, per username and per client address, in memory.

A restart forgets the counts: that only gives an attacker a fresh window per restart,
which they cannot cause from the login form. Pure: the clock is passed in.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

# Distinct usernames or addresses tracked at most: a spray of made-up usernames must not
# grow the tables without end. Past it, entries with no failure in the window go first.
MAX_TRACKED = 10_000


@dataclass
class _Window:
    failures: deque[float] = field(default_factory=deque)


class LoginThrottle:
    def __init__(self, *, per_user: int, per_address: int, window_seconds: float) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.window = window_seconds
        self._users: dict[str, _Window] = {}
        self._addresses: dict[str, _Window] = {}

    def retry_after(self, username: str, address: str, now: float) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        return max(
            self._wait(self._users, username.casefold(), self.per_user, now),
            self._wait(self._addresses, address, self.per_address, now),
        )

    def failed(self, username: str, address: str, now: float) -> None:
        for table, key, limit in (
            (self._users, username.casefold(), self.per_user),
            (self._addresses, address, self.per_address),
        ):
            if key not in table and len(table) >= MAX_TRACKED:
                self._forget_stale(table, now)
            # Only the latest `limit` failures decide anything, so no more are kept.
            table.setdefault(key, _Window(deque(maxlen=limit))).failures.append(now)

    def _forget_stale(self, table: dict[str, _Window], now: float) -> None:
        stale = [key for key, window in table.items() if window.failures[-1] <= now - self.window]
        for key in stale or list(table)[: len(table) // 10]:
            del table[key]

    def succeeded(self, username: str) -> None:
        # The address keeps its count: one good password must not clear a spray of guesses
        # at other accounts from the same place.
        self._users.pop(username.casefold(), None)

    def _wait(self, table: dict[str, _Window], key: str, limit: int, now: float) -> float:
        window = table.get(key)
        if window is None:
            return 0.0
        while window.failures and window.failures[0] <= now - self.window:
            window.failures.popleft()
        if not window.failures:
            del table[key]
            return 0.0
        if len(window.failures) < limit:
            return 0.0
        # Allowed again once the oldest failure that keeps the count at the limit ages out.
        return window.failures[-limit] + self.window - now
