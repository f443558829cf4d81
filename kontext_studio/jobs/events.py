"""How observers (the window, the CLI) hear about jobs: one callback per persisted change,
and, apart, one per change of whether a job waits its turn under the rate limit (kept in
memory only: it says nothing the next start needs)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from kontext_studio.store.ledger import Snapshot

T = TypeVar("T")
Listener = Callable[[Snapshot], None]
log = logging.getLogger(__name__)


class EventHub(Generic[T]):
    """Calls every listener with the event; a failing listener never stops a job."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[T], None]] = []

    def subscribe(self, listener: Callable[[T], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, event: T) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("job listener failed", extra={"event": "listener_error"})
