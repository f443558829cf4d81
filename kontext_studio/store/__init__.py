"""The local ledger: every job and artwork in one SQLite file."""

from kontext_studio.store.ledger import Ledger, Snapshot

__all__ = ["Ledger", "Snapshot"]
