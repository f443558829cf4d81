"""How observers (the window, the CLI) hear about jobs: one callback per persisted change."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kontext_studio.store.ledger import Snapshot

Listener = Callable[[Snapshot], None]
log = logging.getLogger(__name__)


class EventHub:
    """Calls every listener with the new snapshot; a failing listener never stops a job."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, snapshot: Snapshot) -> None:
        for listener in list(self._listeners):
            try:
                listener(snapshot)
            except Exception:
                log.exception("job listener failed", extra={"event": "listener_error"})
