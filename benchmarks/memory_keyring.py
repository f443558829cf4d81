"""An in-memory keyring holding the benchmarks' KIE key.

Its own module, with nothing else: the process whose start-up is measured imports it, and
should load no more than the app itself would (``benchmarks.common`` brings statistics,
tempfile, subprocess and more)."""

from __future__ import annotations

import keyring
from keyring.backend import KeyringBackend

BENCH_KEY = "bench-key-0123456789"


class MemoryKeyring(KeyringBackend):
    """A working keyring that lives in memory: no run depends on the machine's keyring (the
    test suite uses it too)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def install_memory_keyring(key: str | None = BENCH_KEY) -> None:
    """A :class:`MemoryKeyring` holding the KIE key, for the process being measured."""
    from kontext_studio import secrets

    backend = MemoryKeyring()
    if key:
        backend.set_password(secrets.SERVICE, secrets.KIE_KEY, key)
    keyring.set_keyring(backend)
