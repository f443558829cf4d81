"""Settle an artwork that "may be gone" (:attr:`Snapshot.may_be_gone`) by asking the bucket.

An unpublish that did not finish (the window closed, a command stopped, R2 lost on the way)
leaves its artwork recorded as published with the note that its image may be gone. Until the
artist pressed Unpublish again, nothing found out what had really happened. A look at the
image's key and its manifest's key (two HEADs) tells: both there, the removal never happened
and the artwork is published; both gone, it finished, and the artwork is recorded as not
published, as a finished Unpublish records it; one of the two left, the note stays, and the
words can say which part is left.

What the look finds is written only while the record still holds what was read before it
(a compare-and-set): another window or a command may have published, unpublished or
forgotten the artwork meanwhile. An unpublish started meanwhile notes the same key as the
one before it did, so the record's unpublish mark, which each unpublish writes anew, is
compared too. A record in another bucket than the publisher's is not
looked for there.

Blocking (network, disk): run it in a worker thread.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any

from kontext_studio.publish.manifest import manifest_key_for
from kontext_studio.publish.publisher import Publisher
from kontext_studio.publish.service import record_unpublished, recorded_in
from kontext_studio.store.ledger import JobChanged, Ledger, Snapshot

log = logging.getLogger(__name__)


class Found(enum.Enum):
    """What the bucket holds of an artwork that may be gone."""

    BOTH = "both"
    """Image and manifest: the unpublish removed nothing; the artwork is published."""
    NEITHER = "neither"
    """Neither: the unpublish had removed both; the artwork is recorded as not published."""
    IMAGE = "image"
    """Only the image, its manifest gone: it stays "may be gone"; Unpublish finishes it."""
    MANIFEST = "manifest"
    """Only the manifest, its image gone (the unpublish removes the image first): it stays
    "may be gone", its link leading to nothing; Unpublish finishes it."""


@dataclass(frozen=True)
class Settled:
    """The look's answer for one artwork and its record after it: as read, for one of the
    two parts left (nothing is written)."""

    found: Found
    snapshot: Snapshot


def settle_may_be_gone(ledger: Ledger, publisher: Publisher, artwork_id: int) -> Settled | None:
    """Look in ``publisher``'s bucket for what is left of ``artwork_id``'s published image and
    its manifest (:func:`look_for_parts`), and record what that says (:func:`record_found`).
    None, with nothing written, when the artwork may not be gone (any more), is gone from
    the library, is recorded in another bucket than ``publisher``'s, or its record changed
    while the bucket was asked. A failed look raises (a
    :class:`~kontext_studio.errors.PublishError`), writing nothing."""
    looked = look_for_parts(ledger, publisher, artwork_id)
    return None if looked is None else record_found(ledger, *looked)


def look_for_parts(
    ledger: Ledger, publisher: Publisher, artwork_id: int
) -> tuple[Snapshot, Found] | None:
    """The record of ``artwork_id`` as read, and what ``publisher``'s bucket holds of it,
    writing nothing; None when there is nothing to look for (:func:`settle_may_be_gone`).
    Its caller may drop the answer before :func:`record_found`: the window does when a
    publish or unpublish of the artwork started meanwhile, whose own removal the look may
    have come before."""
    snapshot = ledger.get(artwork_id)
    config = publisher.config
    if (
        snapshot is None
        or not snapshot.may_be_gone
        or not recorded_in(snapshot, config.bucket, config.host)
    ):
        return None
    key = snapshot.published_key
    image = publisher.exists(key)
    manifest = publisher.exists(manifest_key_for(key))
    return snapshot, _found(image, manifest)


def record_found(ledger: Ledger, snapshot: Snapshot, found: Found) -> Settled | None:
    """Record what :func:`look_for_parts` ``found`` of ``snapshot``, while the record holds
    what was read; None, writing nothing, when it changed since."""
    try:
        after = _recorded(ledger, snapshot, found)
    except JobChanged:
        log.info(
            "a may-be-gone artwork changed while it was looked for",
            extra={"event": "settle_changed", "artwork_id": snapshot.id},
        )
        return None
    log.info(
        "a may-be-gone artwork settled",
        extra={"event": "settle_found", "artwork_id": snapshot.id, "found": found.value},
    )
    return Settled(found, after)


def _found(image: bool, manifest: bool) -> Found:
    if image and manifest:
        return Found.BOTH
    if image:
        return Found.IMAGE
    return Found.MANIFEST if manifest else Found.NEITHER


def _as_read(snapshot: Snapshot) -> dict[str, Any]:
    """The fields of ``snapshot`` the look went by: the write expects them unchanged."""
    return {
        "published_key": snapshot.published_key,
        "retired_key": snapshot.retired_key,
        "published_at": snapshot.published_at,
        "published_bucket": snapshot.published_bucket,
        "published_host": snapshot.published_host,
        # Another unpublish noted meanwhile (a command's, another window's) writes the key
        # that is there already: its new mark is what tells.
        "unpublish_mark": snapshot.unpublish_mark,
    }


def _recorded(ledger: Ledger, snapshot: Snapshot, found: Found) -> Snapshot:
    """Write what ``found`` says of ``snapshot``, as it was read; raises :class:`JobChanged`
    when the record changed since."""
    if found is Found.BOTH:
        return ledger.note(snapshot.id, expect_values=_as_read(snapshot), retired_key="")
    if found is Found.NEITHER:
        return record_unpublished(ledger, snapshot.id, _as_read(snapshot))
    now = ledger.get(snapshot.id)
    if now is None or _as_read(now) != _as_read(snapshot):
        raise JobChanged(snapshot.id, now)
    return now
