"""Live events for the browsers: published from anywhere on the event loop without awaiting,
fanned out to each open event stream whose role may see the topic."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# A browser that falls this far behind is cut off; its EventSource reconnects and the page
# shows it was interrupted, instead of the controller holding an unbounded backlog.
QUEUE_LIMIT = 256


@dataclass(eq=False)
class Subscriber:
    role: str
    session_id: int
    staff_id: int
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_LIMIT)
    )

    def end(self) -> None:
        """Ends the stream after what is queued; a full queue is dropped to make room."""
        if self.queue.full():
            while not self.queue.empty():
                self.queue.get_nowait()
        self.queue.put_nowait(None)


class LiveEvents:
    def __init__(self) -> None:
        self._topics: dict[str, frozenset[str]] = {}
        self._subscribers: set[Subscriber] = set()
        self._ids = itertools.count(1)
        self._undeclared: set[str] = set()

    def allow(self, topic: str, roles: frozenset[str]) -> None:
        self._topics[topic] = self._topics.get(topic, frozenset()) | roles

    def may_see(self, role: str, topic: str) -> bool:
        return role in self._topics.get(topic, frozenset())

    def publish(self, topic: str, payload: Mapping[str, object]) -> None:
        roles = self._topics.get(topic)
        if roles is None:
            if topic not in self._undeclared:
                self._undeclared.add(topic)
                log.warning("live event %r is declared by no console page: nobody sees it", topic)
            return
        message = json.dumps(
            {"id": next(self._ids), "topic": topic, "payload": dict(payload)},
            ensure_ascii=False,
            default=str,
        )
        for subscriber in list(self._subscribers):
            if subscriber.role not in roles:
                continue
            try:
                subscriber.queue.put_nowait(message)
            except asyncio.QueueFull:
                log.warning("a console browser fell %d events behind; cutting it off", QUEUE_LIMIT)
                self._subscribers.discard(subscriber)
                subscriber.end()

    def subscribe(self, role: str, session_id: int, staff_id: int) -> Subscriber:
        subscriber = Subscriber(role, session_id, staff_id)
        self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    def end_session(self, session_id: int) -> None:
        """A signed-out session's streams stop at once."""
        for subscriber in [s for s in self._subscribers if s.session_id == session_id]:
            self._subscribers.discard(subscriber)
            subscriber.end()

    def end_sessions_of(self, staff_id: int) -> None:
        """A disabled account or a new password: every stream of that staff stops."""
        for subscriber in [s for s in self._subscribers if s.staff_id == staff_id]:
            self._subscribers.discard(subscriber)
            subscriber.end()

    def end_all(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.end()
        self._subscribers.clear()

    @property
    def listening(self) -> int:
        return len(self._subscribers)

    def streams_of(self, session_id: int) -> int:
        return sum(1 for subscriber in self._subscribers if subscriber.session_id == session_id)
