"""Publishing artworks to Cloudflare R2 (or any S3-compatible endpoint) with boto3.

A publish reads the file (:mod:`.local_file`), looks for its image in the bucket (for a large
file, while it reads it and starts the upload), sends it unless it is there (watched by
:mod:`.transfer`), checks what R2 stored, and writes its manifest beside it.

Every method is synchronous and blocking, made to run in a worker thread
(``asyncio.to_thread`` / ``loop.run_in_executor``); progress callbacks arrive on boto3's
transfer threads, so a UI must hand them to its own thread (a Qt signal does).

Object keys are ``<prefix><sha256><ext>``: the same bytes always land on the same key, so a
second publish finds the object (``head_object``, same size and MD5) and sends nothing.
Two artworks with identical bytes therefore share an image and its manifest (which describes
the one published last). Keys are kept so, not made per artwork, because the platform finds
each manifest beside its image and links to published images must not move; instead no
clean-up removes an image another artwork's record names as published, nor one another
publish in this process is placing (:mod:`.shared_images`).

URLs: with a public base configured (r2.dev or a custom domain) an object's URL is
``<base>/<key>``. Without one, :meth:`Publisher.url_for` makes a presigned GET that expires
(R2 caps them at 7 days); such a URL is generated on demand and never stored as the truth.

Every boto3/botocore failure is turned into the app's error hierarchy in one place,
:func:`.r2_errors.map_error`, at the edge of this module.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from botocore.exceptions import ClientError

from kontext_studio.errors import (
    KontextError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishError,
    Reason,
    Refusal,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.whole import require_whole
from kontext_studio.publish.local_file import LocalFile, inspect_file, sniff_type
from kontext_studio.publish.manifest import (
    MANIFEST_CONTENT_TYPE,
    ArtworkMeta,
    build_manifest,
    encode_metadata,
    manifest_bytes,
    manifest_key_for,
)
from kontext_studio.publish.r2_config import R2Config
from kontext_studio.publish.r2_errors import (
    map_error,
    refused_on_a_retry,
    sent_too_slowly,
    stored_nothing,
)
from kontext_studio.publish.s3_client import (
    ANSWER_RETRIES,
    ANSWER_TIMEOUT_S,
    PART_BYTES,
    TRANSFER_RETRIES,
    TRANSFER_TIMEOUT_S,
    make_client,
    transfer_config,
)
from kontext_studio.publish.shared_images import (
    Image,
    Owner,
    Placing,
    claim,
    owner_of,
    placed_elsewhere,
    publish_call,
    refused,
    sender,
    sending,
)
from kontext_studio.publish.stopping import Stop
from kontext_studio.publish.transfer import (
    ContentChanged,
    Head,
    NotAbsent,
    NotNoted,
    Progress,
    ProgressCallback,
    require_absent,
    require_hash,
    require_unchanged,
    sent_if_absent,
)

log = logging.getLogger(__name__)

MAX_PRESIGN_SECONDS = 604_800  # R2's cap: 7 days
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
MANIFEST_CACHE = "no-cache"  # the manifest is rewritten when the title or tags change


@dataclass(frozen=True)
class PublishResult:
    """Where an artwork went. ``uploaded`` is False when the bytes were already there;
    ``sha256`` names the bytes that were published (those on disk, whatever was recorded)."""

    key: str
    url: str
    manifest_key: str
    etag: str
    size: int
    uploaded: bool = field(default=True, compare=False)
    sha256: str = ""
    width: int | None = None
    height: int | None = None


CHANGED_WHILE_SENT = QT_TRANSLATE_NOOP(
    "Errors",
    "{name} changed while it was being sent, so it was not published: another program may "
    "still be saving it. Publish it again once it is saved.",
)

_Placed = tuple[str, dict[str, Any], bool]
"""Where the image is: its key, the stored object's HEAD, and whether it was uploaded now."""


def _etag(head: Mapping[str, Any]) -> str:
    return str(head.get("ETag", "")).strip('"')


def _matches(head: Mapping[str, Any], size: int, md5: str | None) -> bool:
    """Same length, and the same MD5 wherever the ETag is one (multipart ETags are not)."""
    etag = _etag(head)
    if int(head.get("ContentLength", -1)) != size:
        return False
    return "-" in etag or md5 is None or etag == md5


def _found(key: str, head: Head, local: LocalFile, artwork: ArtworkMeta) -> _Placed | None:
    """The object found under the recorded hash is the artwork's image when the file still
    has that hash and the object its length (and MD5, where the ETag is one); None when the
    file's real hash must decide."""
    same = local.sha256 == artwork.sha256
    if head is not None and same and _matches(head, local.size, local.md5):
        return key, head, False
    return None


def _answered(looking: concurrent.futures.Future[Head]) -> bool:
    """Whether R2 answered the look for the object (``looking``)."""
    return looking.done() and looking.exception() is None


@contextlib.contextmanager
def _removed_before() -> Iterator[None]:
    """An error of a request that follows the removal of an image is not one that removed
    nothing (:attr:`PublishError.after_removal`): the image is gone, whatever the later
    request met, a network that went away (:attr:`PublishNetworkError.sent_nothing`) or
    R2's refusal or trouble (a 5xx). Before, only the network's counted."""
    try:
        yield
    except PublishError as error:
        error.after_removal = True
        raise


class Publisher:
    """Uploads, verifies, describes and removes artworks in one bucket."""

    def __init__(
        self,
        config: R2Config,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = ANSWER_TIMEOUT_S,
        max_attempts: int = ANSWER_RETRIES,
        transfer_read_timeout: float = TRANSFER_TIMEOUT_S,
        transfer_retries: int = TRANSFER_RETRIES,
    ) -> None:
        """``read_timeout`` and ``max_attempts`` are for the small requests, the
        ``transfer_`` ones for the image's body (see :data:`TRANSFER_TIMEOUT_S`)."""
        self._config = config
        self._stop = Stop()
        self._client = make_client(
            config, connect_timeout, read_timeout, max_attempts, stop=self._stop
        )
        self._transfer_client = make_client(
            config,
            connect_timeout,
            transfer_read_timeout,
            transfer_retries,
            sending=True,
            stop=self._stop,
        )
        self._transfer = transfer_config()

    @property
    def config(self) -> R2Config:
        return self._config

    @property
    def client(self) -> Any:
        """The boto3 S3 client (thread-safe) of the small requests, for a raw call."""
        return self._client

    @property
    def transfer_client(self) -> Any:
        """The boto3 S3 client that sends the image (one PUT or its parts)."""
        return self._transfer_client

    @property
    def has_public_base(self) -> bool:
        return bool(self._config.public_base_url)

    # Public API ---------------------------------------------------------------------------

    def publish(
        self,
        local_path: Path,
        *,
        artwork: ArtworkMeta,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        owner: Owner | None = None,
        placing: Placing | None = None,
        likely_there: bool = False,
    ) -> PublishResult:
        """Upload the image (unless the same bytes are already there), verify it, and write
        its manifest. A cancel heard before the end removes what this call sent and raises
        :class:`PublishCancelledError` (an image that was there before stays). An image that
        ``owner`` names another artwork's published one is never removed: its manifest is
        written again for that artwork instead. ``likely_there`` says the artwork's record
        names it as published (a republish, most often of the same bytes): a large image is
        then looked for before its upload starts, rather than while it starts, so finding it
        costs no multipart upload begun and aborted. ``placing`` is told the key of the
        image before it is looked for, and again before it is sent."""
        with publish_call(owner, placing), self._edge(local_path):
            return self._publish(Path(local_path), artwork, progress, cancel, likely_there)

    def url_for(self, key: str, *, expires_in: int = MAX_PRESIGN_SECONDS) -> str:
        """The public URL, or a fresh presigned GET valid for at most 7 days."""
        if self._config.public_base_url:
            return f"{self._config.public_base_url}/{quote(key, safe='/')}"
        with self._edge():
            url: str = self._client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self._config.bucket, "Key": key},
                ExpiresIn=max(1, min(expires_in, MAX_PRESIGN_SECONDS)),
            )
            return url

    def unpublish(self, key: str) -> None:
        """Delete the image and its manifest, then abort any unfinished upload of the image
        (:meth:`_abort_leftovers`): one a publish killed mid-transfer left (a crash, a power
        cut), whose key was noted for this removal. Deleting what is not there is not an
        error. All stay while another publish in this process is placing that image (an
        artwork with identical bytes that has found it there, or is sending it:
        :mod:`.shared_images`), which records it next and writes the manifest for itself."""
        if placed_elsewhere(self._image(key)):
            log.info("kept: another artwork's", extra={"event": "publish_kept", "key": key})
            return
        with self._edge():
            self._client.delete_object(Bucket=self._config.bucket, Key=key)
        with _removed_before(), self._edge():
            self._client.delete_object(Bucket=self._config.bucket, Key=manifest_key_for(key))
        self._abort_leftovers(key)
        log.info("unpublished", extra={"event": "publish_removed", "key": key})

    def placed_elsewhere(self, key: str) -> bool:
        """Whether another publish in this process is placing the image at ``key`` in this
        bucket (:func:`.shared_images.placed_elsewhere`); out of a publish call, any is."""
        return placed_elsewhere(self._image(key))

    def describe(self, key: str, artwork: ArtworkMeta) -> None:
        """Write the manifest of the image at ``key`` for ``artwork``, leaving the image: what
        another artwork with the same bytes leaves behind when it goes. Nothing when the
        image is not there."""
        with self._edge():
            self._describe(key, artwork)

    def exists(self, key: str) -> bool:
        """Whether the bucket has an object at ``key`` (a HEAD). A failure raises as any
        call's does, logged only as INFO: its caller asks in the background and says
        nothing of a failure (:mod:`.settling`)."""
        with self._edge(quiet=True):
            return self._head(key) is not None

    def test_connection(self) -> str:
        """Check that the bucket answers with these credentials."""
        with self._edge():
            self._client.head_bucket(Bucket=self._config.bucket)
        return f"Connected to bucket {self._config.bucket} at {self._config.host}"

    def stop(self) -> None:
        """End every request of this publisher now, on whatever thread it waits (a server
        that stopped answering), and refuse any after it (:mod:`.stopping`): for an app
        that ends, once its publishes were told to stop and did not in time. Each call under
        way raises :class:`PublishCancelledUncleanError` soon after, leaving what it sent in
        the bucket (a publish leaves its key noted, for the next one, or Remove from bucket,
        to remove). The publisher takes no request after this."""
        log.info("publisher stopped", extra={"event": "publish_stopped"})
        self._stop.stop()

    # Steps --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _edge(self, path: Path | None = None, *, quiet: bool = False) -> Iterator[None]:
        try:
            yield
        except KontextError:
            raise
        except Exception as error:
            if self._stop.stopped:
                raise self._stopped() from error
            mapped = map_error(error, config=self._config, path=path)
            log.log(
                logging.INFO if quiet else logging.WARNING,
                "publish call failed",
                extra={
                    "event": "publish_failed",
                    "kind": mapped.kind,
                    "detail": mapped.message,
                    "error": type(error).__name__,
                },
            )
            raise mapped from error

    def _publish(
        self,
        path: Path,
        artwork: ArtworkMeta,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
        likely_there: bool,
    ) -> PublishResult:
        self._check_cancel(cancel, [])
        # One thread hashes the file; the other asks R2 while this one sends (the look for
        # the object beside the upload's start, the verifying HEAD beside the leftovers' check).
        pool = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="publish")
        try:
            hashing = pool.submit(inspect_file, path)
            placed = self._place_as_recorded(
                path, artwork, hashing, pool, progress, cancel, likely_there
            )
            local = hashing.result()
            if artwork.sha256 and artwork.sha256 != local.sha256:
                log.warning(
                    "file differs from its recorded hash; publishing the bytes on disk",
                    extra={"event": "publish_hash_mismatch", "artwork_id": artwork.id},
                )
            # An edit goes up; a file cut short since (a disk, a sync) went up too.
            require_whole(path, artwork.sha256, local.sha256)
            meta = replace(
                artwork,
                sha256=local.sha256,
                width=local.width if local.width is not None else artwork.width,
                height=local.height if local.height is not None else artwork.height,
            )
            key, head, uploaded = placed or self._place(local, meta, pool, progress, cancel)
        finally:
            pool.shutdown(wait=False)
        if not uploaded:
            log.info("already published", extra={"event": "publish_skipped", "key": key})
            if progress is not None:
                progress(local.size, local.size, 0.0)
        self._check_cancel(cancel, [key] if uploaded else [])
        sent = [key, manifest_key_for(key)] if uploaded else []
        try:
            with self._discarded_if_cancelled(cancel, sent):
                # After a fresh upload there is no manifest worth comparing with: write it
                # directly.
                manifest_key = self._write_manifest(
                    meta, key, local.content_type, local.size, compare=not uploaded
                )
                # A Cancel heard while the manifest's PUT waited (the caller has said
                # "cancelled").
                self._check_cancel(cancel, sent)
                url = self.url_for(key)
        except PublishCancelledError:
            if not uploaded:
                self._give_back(key)
            raise
        return PublishResult(
            key=key,
            url=url,
            manifest_key=manifest_key,
            etag=_etag(head),
            size=local.size,
            uploaded=uploaded,
            sha256=local.sha256,
            width=meta.width,
            height=meta.height,
        )

    def _key(self, sha256: str, extension: str) -> str:
        return f"{self._config.key_prefix}{sha256}{extension}"

    def _place_as_recorded(
        self,
        path: Path,
        artwork: ArtworkMeta,
        hashing: concurrent.futures.Future[LocalFile],
        pool: concurrent.futures.Executor,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
        likely_there: bool,
    ) -> _Placed | None:
        """The usual case for a file of several parts: it is still the one the library
        hashed. The upload under the recorded hash starts while the object is looked for
        (``looking``) and the file is hashed again (``hashing``): its first byte waits for the
        look (by then the multipart upload is created and the parts' connections are open,
        so the look costs no round trip of its own), its last byte for the hash, so an object
        already there is never sent again and bytes that differ stop the upload before any
        object exists. When the object is ``likely_there``, the upload waits for the look.
        None when there is no record to go by, the file is one PUT, or it differs: then the
        real hash decides (:meth:`_place`)."""
        kind = sniff_type(path) if artwork.sha256 else None
        size = path.stat().st_size if kind is not None else 0
        if kind is None or size < PART_BYTES:
            # One PUT: the hash of a file this small takes milliseconds, so the real hash
            # decides before a byte is sent.
            return None
        key = self._key(artwork.sha256, kind[0])
        claim(self._image(key))
        looking = pool.submit(self._head, key)
        if likely_there and (head := looking.result()) is not None:
            return _found(key, head, hashing.result(), artwork)
        try:
            self._upload(
                path,
                key,
                kind[1],
                size,
                artwork,
                progress,
                cancel,
                sent=partial(sent_if_absent, looking, key),
                gate=partial(require_hash, hashing, artwork.sha256, cancel),
                # The key is noted as sent once the look says the image is not there: a
                # look that fails (a mistyped endpoint) or finds it sends nothing of ours.
                opening=partial(require_absent, looking, cancel, sender(key)),
                answered=partial(_answered, looking),
            )
        except NotAbsent:  # the look's own error, if it failed, is raised here
            return _found(key, looking.result(), hashing.result(), artwork)
        except NotNoted:  # noted again, and its failure said, by the upload of _place
            return None
        except ContentChanged:
            self._discard([key])  # nothing is there if the gate held; make sure of it
            return None
        local = hashing.result()
        if local.sha256 != artwork.sha256:  # changed between the two reads
            self._discard([key])
            return None
        with self._discarded_if_cancelled(cancel, [key]):
            return key, self._verify(key, local, pool), True

    def _place(
        self,
        local: LocalFile,
        meta: ArtworkMeta,
        pool: concurrent.futures.Executor,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> _Placed:
        """Look for the object under the file's real hash; upload it unless it is there."""
        key = self._key(local.sha256, local.extension)
        claim(self._image(key))
        head = self._head(key)
        if head is not None and _matches(head, local.size, local.md5):
            return key, head, False
        try:
            self._upload(
                local.path,
                key,
                local.content_type,
                local.size,
                meta,
                progress,
                cancel,
                gate=partial(require_unchanged, local),
            )
        except ContentChanged:
            self._discard([key])  # nothing is there if the gate held; make sure of it
            raise Refusal.worded(CHANGED_WHILE_SENT, name=local.path.name) from None
        with self._discarded_if_cancelled(cancel, [key]):
            return key, self._verify(key, local, pool), True

    def _head(self, key: str) -> dict[str, Any] | None:
        try:
            head: dict[str, Any] = self._client.head_object(Bucket=self._config.bucket, Key=key)
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise
        return head

    def _upload(
        self,
        path: Path,
        key: str,
        content_type: str,
        size: int,
        meta: ArtworkMeta,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
        *,
        sent: Callable[[], list[str]] | None = None,
        gate: Callable[[], None] | None = None,
        opening: Callable[[], None] | None = None,
        answered: Callable[[], bool] = lambda: True,
    ) -> None:
        """Send the image; on Cancel remove what ``sent`` says this upload may have placed
        (by default ``key``). ``answered``: whether R2 answered the look for the image
        (by default it did, before the upload): its body timing out is then the file's
        (:func:`sent_too_slowly`), not a network gone."""
        extra = {
            "ContentType": content_type,
            "CacheControl": IMMUTABLE_CACHE,
            "Metadata": encode_metadata(meta),
        }
        log.info("uploading", extra={"event": "publish_upload", "key": key, "size": size})
        if opening is None:  # else the opening gate notes it, once sure to send it
            sending(key)
        # Imported here: boto3's transfer manager costs ~0.2 s, paid by a publish only.
        from kontext_studio.publish.sending import upload_file

        try:
            with Progress(size, progress, cancel, gate, opening) as told:
                upload_file(
                    self._transfer_client,
                    path,
                    self._config.bucket,
                    key,
                    extra_args=extra,
                    config=self._transfer,
                    told=told,
                )
        except Exception as error:
            if stored_nothing(error):
                refused(key)
            placed = sent() if sent is not None else [key]
            self._check_cancel(cancel, placed)
            # Only an image this upload may have sent is looked for: one found there when it
            # sent nothing (a twin's, its start refused) is not this publish's to record.
            if not (refused_on_a_retry(error) and key in placed and self._stored_after_all(key)):
                slow = sent_too_slowly(error, self._config, path) if answered() else None
                if slow is not None:
                    raise slow from error
                raise
        self._check_cancel(cancel, [key])

    def _stored_after_all(self, key: str) -> bool:
        """Whether the object an upload refused on a retry is in the bucket all the same: a
        try before the refusal stored it and its answer was lost (a timeout, then a 429).
        Found, it is taken as uploaded, to be verified as any upload is (its key is its
        bytes' hash) and recorded as published: what the artist asked for, and the record
        then names what is public, which Unpublish takes down; removed instead, it would
        cost another request of a bucket already throttling, and the artist another
        publish. Not found, R2 stored nothing (:func:`refused` says so). When the look
        fails too, nothing is said: the key noted as sent stays noted, and the window says
        that a copy may be in the bucket, and offers to remove it."""
        try:
            there = self._head(key) is not None
        except Exception as error:
            log.warning(
                "could not tell whether a refused upload stored its image",
                extra={
                    "event": "publish_outcome_unknown",
                    "key": key,
                    "error": type(error).__name__,
                },
            )
            return False
        if there:
            log.info(
                "stored by an earlier try", extra={"event": "publish_stored_after_all", "key": key}
            )
        else:
            refused(key)
        return there

    def _verify(
        self, key: str, local: LocalFile, pool: concurrent.futures.Executor
    ) -> dict[str, Any]:
        """The stored object's length (and MD5, for a single PUT) against the file's. For a
        file sent in parts the HEAD goes on ``pool`` while an earlier attempt's unfinished
        upload is looked for (:meth:`_abort_leftovers`): two round trips in the time of one."""
        if local.size >= PART_BYTES:
            looking = pool.submit(self._head, key)
            self._abort_leftovers(key)
            head = looking.result()
        else:
            head = self._head(key)
        if head is None or not _matches(head, local.size, local.md5):
            self._discard([key])
            raise PublishError.worded(
                QT_TRANSLATE_NOOP(
                    "Errors", "R2 did not store {name} intact; the upload was removed"
                ),
                name=local.path.name,
            )
        log.info("uploaded and verified", extra={"event": "publish_verified", "key": key})
        return head

    def _describe(self, key: str, artwork: ArtworkMeta) -> None:
        head = self._head(key)
        if head is not None:
            content_type = str(head.get("ContentType", ""))
            self._write_manifest(artwork, key, content_type, int(head.get("ContentLength", 0)))

    def _write_manifest(
        self,
        meta: ArtworkMeta,
        key: str,
        content_type: str,
        size: int,
        *,
        compare: bool = True,
    ) -> str:
        """Write the manifest unless (``compare``) an identical one is already there."""
        manifest_key = manifest_key_for(key)
        public_url = self.url_for(key) if self.has_public_base else None
        manifest = build_manifest(
            meta,
            image_key=key,
            image_url=public_url,
            content_type=content_type,
            size=size,
        )
        body = manifest_bytes(manifest)
        digest = hashlib.md5(body, usedforsecurity=False).hexdigest()
        current = self._head(manifest_key) if compare else None
        if current is not None and _etag(current) == digest:
            return manifest_key
        self._client.put_object(
            Bucket=self._config.bucket,
            Key=manifest_key,
            Body=body,
            ContentType=MANIFEST_CONTENT_TYPE,
            CacheControl=MANIFEST_CACHE,
        )
        log.info("manifest written", extra={"event": "publish_manifest", "key": manifest_key})
        return manifest_key

    @contextlib.contextmanager
    def _discarded_if_cancelled(
        self, cancel: threading.Event | None, created: list[str]
    ) -> Iterator[None]:
        """A request that fails after Cancel was heard (the caller has said "cancelled" while
        it waited on a silent server) removes what this publish sent, like a Cancel heard
        between two requests, instead of leaving it public behind a network error."""
        try:
            yield
        except PublishCancelledError:
            raise
        except Exception:
            self._check_cancel(cancel, created)
            raise

    def _check_cancel(self, cancel: threading.Event | None, created: list[str]) -> None:
        if cancel is None or not cancel.is_set():
            return
        self._discard(created)
        log.info("publish cancelled", extra={"event": "publish_cancelled"})
        raise PublishCancelledError("publishing was cancelled")

    def _discard(self, keys: list[str]) -> None:
        """Remove objects and any open multipart upload for them. If R2 cannot be reached to
        do so, say that something may be left, rather than claim a clean cancel."""
        try:
            for key in self._not_owned(keys):
                self._abort_multipart(key)
                self._client.delete_object(Bucket=self._config.bucket, Key=key)
        except Exception as error:
            if self._stop.stopped:
                raise self._stopped() from error
            mapped = map_error(error, config=self._config)
            raise PublishError.worded(
                QT_TRANSLATE_NOOP(
                    "Errors", "a partial upload may be left in the bucket ({reason})"
                ),
                reason=Reason(mapped),
            ) from error

    def _stopped(self) -> PublishCancelledUncleanError:
        """What a call raises once :meth:`stop` has ended its request."""
        log.info("publish call stopped", extra={"event": "publish_call_stopped"})
        return PublishCancelledUncleanError("the publisher was stopped")

    def _give_back(self, key: str) -> None:
        """Cancelled after writing the manifest of an image it found there (nothing sent):
        write it again for the artwork whose record names the image, if another does, so
        that the public manifest never describes an artwork whose publish was cancelled."""
        other = owner_of(key)
        if other is not None:
            self._describe(key, other)

    def _not_owned(self, keys: list[str]) -> list[str]:
        """``keys`` without the images another artwork's record names as published, nor their
        manifests, which are written again for that artwork (the manifest may describe this
        one by now). Two artworks with identical bytes share a key: this publish may have
        uploaded the very object the other one has recorded since, or found it there."""
        left = list(keys)
        for key in keys:
            other = owner_of(key)
            if other is None and not placed_elsewhere(self._image(key)):
                continue
            log.info("kept: another artwork's", extra={"event": "publish_kept", "key": key})
            left = [k for k in left if k not in (key, manifest_key_for(key))]
            if other is not None:
                self._describe(key, other)
        return left

    def _image(self, key: str) -> Image:
        """The image at ``key`` in this bucket, as :mod:`.shared_images` names it."""
        return (self._config.endpoint_url, self._config.bucket, key)

    def _abort_leftovers(self, key: str) -> None:
        """After a multipart upload of ``key`` completed, or the image was removed, abort any
        other still open for it: one an earlier attempt left when the connection dropped
        mid-transfer (s3transfer's own abort could not reach R2 then), or the process died.
        R2 keeps and bills such parts for days otherwise. What was asked for is done by
        now, so a failure here is only logged. Not while another publish in this process is
        placing the same image (:mod:`.shared_images`): the open upload may be that twin's
        own, under way (an earlier attempt's is left to a later publish of the image)."""
        if placed_elsewhere(self._image(key)):
            return
        try:
            self._abort_multipart(key)
        except Exception as error:
            log.warning(
                "could not remove an earlier unfinished upload",
                extra={"event": "publish_leftover", "key": key, "error": type(error).__name__},
            )

    def _abort_multipart(self, key: str) -> None:
        listing = self._client.list_multipart_uploads(Bucket=self._config.bucket, Prefix=key)
        for upload in listing.get("Uploads", []):
            if upload.get("Key") == key:
                self._client.abort_multipart_upload(
                    Bucket=self._config.bucket, Key=key, UploadId=upload["UploadId"]
                )
