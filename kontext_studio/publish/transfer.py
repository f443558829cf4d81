"""An image's upload as it goes: its progress, Cancel, and the gates that stop it in time.

boto3's transfer manager calls :class:`Progress` with every block of the file it reads
(:mod:`.sending`), from its own threads, before the block is sent. That is where the
publisher's rules act: Cancel is heard on every block, and a file sent in parts under the
hash the library recorded has two gates.
The first byte of each part waits for the look for the object (:func:`require_absent`: an
object already there is never sent again); the last byte waits for the file's hash
(:func:`require_hash`: bytes that differ from the recorded hash never make an object). Each
stops the transfer by raising a ``CancelledError``, which botocore re-raises at once and
never retries.

While the upload runs, :class:`Progress` also watches for it going quiet: no block taken for
:data:`QUIET_S` (R2 takes no more, or does not answer once the last block is sent) is told
through the same progress calls, each second, until a block goes again.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable
from typing import Any

from kontext_studio.publish.local_file import LocalFile, unchanged

CANCEL_CHECK_S = 0.1  # how often a wait for the hash or the look for the object hears Cancel

QUIET_S = 15.0
"""After this long with no block of the image taken (nor R2's answer, once the last block
is), the upload is told quiet. Not a time-out: a slow uplink, or R2 slow to answer, is given
the transfer's own time-outs and retries (:data:`.s3_client.TRANSFER_TIMEOUT_S`), minutes
in all, before the upload fails. Meanwhile the artist is told R2 has not answered, and for
how long, rather than shown the same percent without a word."""

ProgressCallback = Callable[[int, int, float], None]
"""Called with the bytes sent, the bytes in all, and how long no block has been taken, in
seconds: 0 while they go, then at least :data:`QUIET_S` each second until one goes again."""


class _TransferCancelled(concurrent.futures.CancelledError):
    """Raised from the progress callback to stop a transfer. botocore re-raises a
    ``CancelledError`` as is and never retries it, so the abort is immediate."""


class ContentChanged(_TransferCancelled):
    """The file's bytes are not the ones its recorded hash names; raised before the upload's
    last byte, so the object is never created (an unfinished multipart upload is aborted)."""


class NotAbsent(_TransferCancelled):
    """The look for the object found one, or failed; raised before the upload's first byte,
    so nothing is sent (the multipart upload just created is aborted) and the caller decides
    from the look's answer."""


Head = dict[str, Any] | None
"""The answer to a HEAD of the object; None when it is not there."""


def _wait(future: concurrent.futures.Future[Any], cancel: threading.Event | None) -> None:
    """Wait for ``future`` on a transfer thread, hearing Cancel meanwhile."""
    while not concurrent.futures.wait([future], timeout=CANCEL_CHECK_S).done:
        if cancel is not None and cancel.is_set():
            raise _TransferCancelled


class NotNoted(_TransferCancelled):
    """What an upload is about to send could not be noted (:func:`require_absent`'s
    ``noting``: the library locked, say); raised before the upload's first byte, so nothing
    is sent, and the caller notes it again in its own thread, where a failure is said."""


def require_absent(
    looking: concurrent.futures.Future[Head],
    cancel: threading.Event | None,
    noting: Callable[[], None] | None = None,
) -> None:
    """Wait for the look for the object (it started with the upload, and answers before a
    part's first byte is read: a part sends its headers and waits for ``100 Continue``
    first); anything but "not there" stops the upload before a byte is sent. Once it is not
    there, ``noting`` is told before any byte goes: the upload sends it now."""
    _wait(looking, cancel)
    if looking.exception() is not None or looking.result() is not None:
        raise NotAbsent
    if noting is not None:
        try:
            noting()
        except Exception as error:  # anything else raised here, botocore sends again
            raise NotNoted from error


def require_hash(
    hashing: concurrent.futures.Future[LocalFile], sha256: str, cancel: threading.Event | None
) -> None:
    """Wait for the file's hash; anything but ``sha256`` (or no hash) stops the upload, and
    so does Cancel while waiting (a slow disk can take seconds to hash 50 MB)."""
    _wait(hashing, cancel)
    try:
        local = hashing.result()
    except Exception:  # told by whoever reads ``hashing`` next
        raise ContentChanged from None
    if local.sha256 != sha256:
        raise ContentChanged
    require_unchanged(local)


def require_unchanged(local: LocalFile) -> None:
    """Stop the upload of ``local``'s file, before its last byte is sent, when the file
    changed since it was hashed (:func:`~.local_file.unchanged`): the bytes read for the
    parts sent after the change are not the ones its hash names. Before, a file written in
    place while it went up in parts (an editor saving, a sync) made an object of mixed
    bytes under that hash, and the publish said it was done; a later publish of the same
    image found it there, of the right length, and kept it."""
    if not unchanged(local):
        raise ContentChanged


class Progress:
    """boto3 reports byte deltas (negative on a retry) from several threads; this turns them
    into ``(done, total, 0)`` calls, never less than one before (a retry sends the image, or a
    part, again from its start, told as bytes taken back: ``done`` waits until the bytes sent
    again are past it), and checks the cancel flag on every chunk. ``opening`` runs
    when the first bytes have been read and before they are sent, and every part waits until
    it has passed (if it raises, it runs again for each part, which raises in turn); ``gate``
    runs once, when the last byte has been read and before it is sent. Both may raise to stop
    the transfer.

    Used as a context manager around the transfer, it also tells ``report`` when the
    transfer has gone quiet (:data:`QUIET_S`), from a thread of its own: boto3's threads
    are then stuck sending, or waiting for the answer, and tell nothing. The next block
    taken is told at once, quiet or not, so the words go as soon as bytes move again."""

    def __init__(
        self,
        total: int,
        report: ProgressCallback | None,
        cancel: threading.Event | None,
        gate: Callable[[], None] | None = None,
        opening: Callable[[], None] | None = None,
    ) -> None:
        self._total = total
        self._report = report
        self._cancel = cancel
        self._gate = gate
        self._opening = opening
        self._opening_lock = threading.Lock()
        self._done = 0
        self._told = 0
        self._lock = threading.Lock()
        self._moved = time.monotonic()  # when a block was last taken, or the transfer made
        self._quiet = False  # whether it was last told quiet
        self._ended = threading.Event()

    def __enter__(self) -> Progress:
        if self._report is not None:
            threading.Thread(target=self._watch, name="publish-quiet", daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        with self._lock:  # no quiet told after the transfer has ended
            self._ended.set()
            if self._quiet and self._report is not None:
                # R2 answered at last (or the transfer failed): what is left to do is
                # not this quiet's, which would stay said, no longer counting.
                self._quiet = False
                self._report(self._told, self._total, 0.0)

    def __call__(self, bytes_transferred: int) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise _TransferCancelled
        if self._opening is not None:
            self._open()
        with self._lock:
            self._done += bytes_transferred
            moved = bytes_transferred > 0  # not bytes taken back as a retry starts
            if moved:
                self._moved = time.monotonic()
            done = min(self._done, self._total)
            if self._report is not None and (done > self._told or (self._quiet and moved)):
                self._told = max(done, self._told)
                self._quiet = False
                self._report(self._told, self._total, 0.0)
            gate = self._gate if self._done >= self._total else None
            if gate is not None:
                self._gate = None
        if gate is not None:
            gate()

    def _open(self) -> None:
        with self._opening_lock:
            if self._opening is not None:
                self._opening()
                self._opening = None

    def _watch(self) -> None:
        """Tell ``report`` how long the transfer has been quiet, once that is
        :data:`QUIET_S`, then at each whole second more, until it ends or is cancelled."""
        assert self._report is not None
        wait = QUIET_S
        while not self._ended.wait(wait):
            with self._lock:
                if self._ended.is_set() or (self._cancel is not None and self._cancel.is_set()):
                    return
                quiet = time.monotonic() - self._moved
                if quiet >= QUIET_S:
                    self._quiet = True
                    self._report(self._told, self._total, quiet)
                    wait = 1.0 - (quiet - QUIET_S) % 1.0
                else:
                    wait = QUIET_S - quiet


def sent_if_absent(looking: concurrent.futures.Future[Head], key: str) -> list[str]:
    """What an upload that started before the look for its object answered may have placed:
    ``key`` if the look said it was not there (the first byte waited for that); nothing
    otherwise, since an object found there was not this upload's to remove."""
    absent = looking.done() and looking.exception() is None and looking.result() is None
    return [key] if absent else []
