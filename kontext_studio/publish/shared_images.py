"""Images artworks share: which of them a publish's clean-up must leave in the bucket.

Two artworks with identical bytes share an image (its key is named for its bytes). So when a
publish removes what it sent (on Cancel, or when R2 did not store it intact) it leaves an
image another artwork's record names as published (its call's :data:`Owner`), and one that
another publish in this process is placing now: one that found an image its twin sent (not
recorded yet) must not lose it to the twin's cancel. A publish runs as one call
(:func:`publish_call`), kept in a context variable so its clean-up, which runs in the call's
own thread, finds it; the images it looks for or sends are counted across the process while
it runs (:func:`claim`, :func:`placed_elsewhere`).
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from kontext_studio.publish.manifest import ArtworkMeta

Owner = Callable[[str], ArtworkMeta | None]
"""Given an image's key, the artwork whose record names it as published in the bucket of the
publish (identical bytes share a key; one published under it in another bucket owns nothing
in this one), other than the one being published; None when there is none."""


class Step(enum.Enum):
    """What a publish is about to do with an image, or has learnt of it (:data:`Placing`)."""

    LOOK = "look"
    """About to look for it, or to send it (:func:`claim`)."""
    SEND = "send"
    """About to send it: from now on it may be in the bucket (:func:`sending`)."""
    REFUSED = "refused"
    """R2 refused it, or its file could not be read: this publish stored nothing there
    (:func:`refused`)."""


Placing = Callable[[str, Step], None]
"""Told an image's key at each :class:`Step`, so that the caller can note where a publish
stopped before its end is found again. Raising at :attr:`Step.SEND` stops the publish before
the image's first byte."""
Image = tuple[str, str, str]
"""An image in a bucket: (endpoint, bucket, key)."""


@dataclass
class _Call:
    """One :meth:`Publisher.publish` call, as its clean-up (:meth:`Publisher._discard`,
    which runs in the call's own thread) sees it: who else may own what it would remove,
    and the images it looked for or sent."""

    owner: Owner | None
    placing: Placing | None = None
    claimed: list[Image] = field(default_factory=list)


_CALL: ContextVar[_Call | None] = ContextVar("publish_call", default=None)
_IN_FLIGHT: dict[Image, int] = {}
"""(endpoint, bucket, key) of the images publishes in this process are placing, and how many
are: one that found an image a twin sent (not recorded yet) must not lose it to the twin's
cancel."""
_IN_FLIGHT_LOCK = threading.Lock()


@contextlib.contextmanager
def publish_call(owner: Owner | None, placing: Placing | None = None) -> Iterator[None]:
    """Run one publish as a call that ``owner`` answers for and ``placing`` is told of; the
    images it claimed are released when it ends."""
    call = _Call(owner, placing)
    token = _CALL.set(call)
    try:
        yield
    finally:
        _CALL.reset(token)
        _release_claims(call)


def owner_of(key: str) -> ArtworkMeta | None:
    """The artwork the current call's :data:`Owner` names for ``key``; None when there is
    none, or no call."""
    call = _CALL.get()
    return call.owner(key) if call is not None and call.owner is not None else None


def claim(image: Image) -> None:
    """Note that the current call is placing ``image`` (:data:`_IN_FLIGHT`), once its
    :data:`Placing` has been told."""
    call = _CALL.get()
    if call is None:
        return
    if call.placing is not None:
        call.placing(image[2], Step.LOOK)
    with _IN_FLIGHT_LOCK:
        _IN_FLIGHT[image] = _IN_FLIGHT.get(image, 0) + 1
    call.claimed.append(image)


def sending(key: str) -> None:
    """Tell the current call's :data:`Placing` that the image at ``key`` is about to be sent:
    from now on, however the publish ends, it may be in the bucket."""
    sender(key)()


def sender(key: str) -> Callable[[], None]:
    """:func:`sending` of ``key``, for a transfer thread to call once the upload is sure to
    send it (its look for the image said it is not there): the call is found now, in the
    call's own thread, which is the only one it is known in."""
    call = _CALL.get()
    placing = call.placing if call is not None else None
    return (lambda: None) if placing is None else partial(placing, key, Step.SEND)


def refused(key: str) -> None:
    """Tell the current call's :data:`Placing` that sending the image at ``key`` stored
    nothing."""
    call = _CALL.get()
    if call is not None and call.placing is not None:
        call.placing(key, Step.REFUSED)


def placed_elsewhere(image: Image) -> bool:
    """Whether another publish in this process is placing ``image`` now."""
    call = _CALL.get()
    mine = call.claimed.count(image) if call is not None else 0
    with _IN_FLIGHT_LOCK:
        return _IN_FLIGHT.get(image, 0) > mine


def _release_claims(call: _Call) -> None:
    with _IN_FLIGHT_LOCK:
        for image in call.claimed:
            _IN_FLIGHT[image] -= 1
            if not _IN_FLIGHT[image]:
                del _IN_FLIGHT[image]
