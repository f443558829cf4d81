"""One typed error hierarchy for the whole app: what code raises and catches.

Code raises the most specific class; the edges (CLI, window) turn it into words for a person
once, with :func:`kontext_studio.explain.explain`. Error text never contains a secret: the
classes are built from server ``msg`` fields, file names and our own words only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from string import Formatter
from typing import ClassVar, Self

from kontext_studio.i18n import QT_TRANSLATE_NOOP, english, fill, grouped, moment, translate

_CONTEXT = "Errors"


class Term(str):
    """A value in a worded detail that is a message of the catalogue itself (marked
    ``QT_TRANSLATE_NOOP("Errors", ...)``, e.g. the name of a setting): shown translated,
    where a file name or a number is shown as it is."""

    __slots__ = ()


class Reason(str):
    """A value in a worded detail that is another error's detail (why a clean-up failed):
    shown in the installed language as that error's own detail is, where its English
    :attr:`KontextError.message` alone would stay English inside a translated sentence.
    As a string (the English message, logs, stored words) it is that message."""

    error: KontextError

    def __new__(cls, error: KontextError) -> Self:
        made = super().__new__(cls, error.message)
        made.error = error
        return made

    def __getnewargs__(self) -> tuple[KontextError]:  # type: ignore[override]
        """Copied (``copy``, ``pickle``) from its error, not from its text."""
        return (self.error,)


class Moment(str):
    """A value in a worded detail that is a moment (seconds since the epoch): shown as the
    installed language writes a date and time (:func:`~kontext_studio.i18n.moment`), where
    the day an artwork was deleted read "2026-05-04 14:03" in Chinese as in English. As a
    string (the English message, logs, stored words) it is written so."""

    timestamp: float

    def __new__(cls, timestamp: float) -> Self:
        with english():
            made = super().__new__(cls, moment(timestamp))
        made.timestamp = timestamp
        return made

    def __getnewargs__(self) -> tuple[float]:  # type: ignore[override]
        """Copied (``copy``, ``pickle``) from its moment, not from its text."""
        return (self.timestamp,)


class Every(tuple[str, ...]):
    """A list in a worded detail whose items are all meant (every field still empty): shown
    as "A, B and C", where a plain tuple is a list of choices."""

    __slots__ = ()


class Joined(tuple[str, ...]):
    """A list in a worded detail shown one item after another, "2, 3" (artworks' numbers),
    as :func:`join_names` lists names in the installed language: "2、3" in Chinese."""

    __slots__ = ()


Value = str | int | tuple[str, ...]
"""A value in a worded detail; a tuple is a list of choices, shown as "A, B or C" (an
:class:`Every` as "A, B and C", a :class:`Joined` as "A, B"); a :class:`Term` or a
:class:`Reason` is shown translated, a :class:`Moment` as the installed language writes it."""


class KontextError(Exception):
    """Base of every error the app expects and can explain."""

    kind = "error"

    def __init__(self, message: str = "", *, code: int | None = None) -> None:
        super().__init__(message or self.kind)
        self.message = message
        self.code = code
        self.template = ""
        self.values: dict[str, Value] = {}
        self.kie_said = False
        """:attr:`message` is KIE's own text (:meth:`KieError.said`), not ours."""
        self.hint = ""
        """What to do, when this error knows better than its kind's words (a JPEG too large
        is saved at a lower quality, not "as JPEG"): marked ``QT_TRANSLATE_NOOP("Errors",
        ...)``, shown translated by :func:`~kontext_studio.explain.explain` in place of the
        kind's hint (a :class:`Refusal` has none: then after its detail), filled with the
        values of a :meth:`worded` error. It is kept with a job
        (:func:`~kontext_studio.explain.stored_words`): a job a wrong clock stopped says
        to set the clock, not its kind's "Check your internet connection"."""

    @classmethod
    def worded(cls, template: str, **values: Value) -> Self:
        """An error whose detail is ``template`` (marked ``QT_TRANSLATE_NOOP("Errors", ...)``)
        filled with ``values``: in English in :attr:`message` (logs, the library), in the
        installed language where :func:`~kontext_studio.explain.explain` shows it."""
        with english():
            error = cls(fill_values(template, values, str))
        error.template, error.values = template, values
        return error

    def advising(self, hint: str) -> Self:
        """This error, with ``hint`` (see :attr:`hint`) as what to do."""
        self.hint = hint
        return self


# Input checked before anything reaches the network.
class InputError(KontextError):
    kind = "invalid_input"


class KeyFormatError(InputError):
    """The KIE API key cannot be sent as it is: empty, too short or longer than any key,
    with characters an HTTP header cannot carry (a space inside, "Bearer " pasted with it,
    non-ASCII), in quotes, or after a variable's name (``KIE_API_KEY=``). The
    window, given such a key from the keyring or ``KIE_API_KEY`` at its start, opens in
    demo mode and says so, for Settings to set it right."""


class Refusal(InputError):
    """An action refused for how things are, not for how it was asked: there is no such job,
    the job is not running, only another command carries it on. There is nothing in the
    request to correct, so its detail is said alone, as it is: whole sentences saying what is
    the case and, where useful, what to do (:func:`~kontext_studio.explain.explain`; or, as
    its :attr:`~KontextError.hint`, after it), not inside the words for a request to
    correct. Its kind is that of the input it was (``invalid_input``, exit code 2), as
    scripts reading ``--json`` know it."""


class JobGoneError(Refusal):
    """An action on a job (an artwork) there is no row of: deleted meanwhile, by another
    window or a command. Its words name the job's number, as the command line does; the
    window, which shows no numbers, says it by the artwork's title instead."""


class JobRunningError(Refusal):
    """A retry or resubmit of a job that runs already: retried or carried on meanwhile,
    here or by another process (two ``retry 5`` at once, the window beside a command)."""

    kind = "job_running"


class ResultNoLongerKeptError(Refusal):
    """A Download again of an image its server no longer keeps: its 14 days are over, or it
    said the image is deleted or no longer took its link. Refused before anything is asked
    of the server, the finished artwork kept as it was, where a copy from a backup can
    still put its file right; its words say which."""


class KeptImageError(Refusal):
    """A retry that sends a job again, charged, refused without the caller's word that
    paying again is wanted: an earlier send of the job made its image, or is making it,
    kept as an artwork of its own (:attr:`kept`, the ids of those). The engine checks it in
    the write that starts the send, so a late answer another process keeps just before is
    not paid for twice; the window asks its question again, the command line asks for
    --yes, each in its own words."""

    job_id: int = 0
    kept: tuple[int, ...] = ()

    @classmethod
    def of(cls, job_id: int, kept: Sequence[int]) -> KeptImageError:
        error = cls.worded(_KEPT_IMAGE, job_id=job_id, ids=Joined(str(k) for k in kept))
        error.job_id, error.kept = job_id, tuple(kept)
        return error


_KEPT_IMAGE = QT_TRANSLATE_NOOP(
    "Errors",
    "An earlier send of job {job_id} made its image, or is still making it, as artwork "
    "{ids}: it was not sent again, which would pay for that image twice.",
)


class PublishedElsewhereError(Refusal):
    """An artwork recorded as published in another bucket (or at another endpoint) than the
    R2 settings name now. Unpublishing it with these settings would delete nothing (S3
    deletes a missing key without a word) and clear the record, leaving it public where it
    is with no record of it; publishing it again would do the same to the old copy.
    Refused before anything is sent."""

    kind = "published_elsewhere"
    stopped = False
    """The record names there only what a first publish stopped before its end may have
    left: the artwork is not published, so there is nothing to unpublish or link."""


class ImageError(InputError):
    kind = "bad_image"


class EmptyImageError(ImageError):
    """The file is 0 bytes. Its kind's words are every :class:`ImageError`'s; the class
    lets a place that says it in its own words (the Upload list) tell what is wrong."""


class DamagedImageError(ImageError):
    """The file is an image cut short, or damaged: it does not decode to its end."""


class NotAnImageError(ImageError):
    """The file holds no image of a format the place accepts (a text file named ``.png``,
    a TIFF, a folder)."""


class FolderNotImageError(NotAnImageError):
    """A folder given where an image file is asked for (a reference): said in sentences of
    its own (:func:`~kontext_studio.explain.explain`), not as an image that cannot be used."""


class ImageMissingError(ImageError):
    """The file is not where it was: moved or deleted outside the app."""

    kind = "image_missing"


class ImageTrashedError(ImageMissingError):
    """The file is in the desktop's trash: a Delete moved it there, then could not remove
    the artwork from the library (:class:`TrashedNotDeletedError`). Its words name the
    trash as the system does (:func:`~kontext_studio.explain.explain`)."""

    kind = "image_trashed"


class ImageLeftInTrashError(ImageMissingError):
    """The file went to the desktop's trash with the artwork's Delete, and the library's
    Undo brought the artwork back without it (the copy kept for the Undo gone or changed,
    or none could be kept): restored from the trash, it can be published. Said in the
    words the preview gives it, not "moved or deleted outside Kontext Studio"."""

    kind = "image_left_in_trash"


class ArtworkBeingDeletedError(ImageMissingError):
    """The file went to the desktop's trash a moment ago, by a Delete still under way (in
    the window, while a command publishes, or the other way round): the artwork is about to
    go. Not :class:`ImageTrashedError`, "a Delete moved it there, but could not remove the
    artwork", of a Delete that has not ended."""

    kind = "artwork_being_deleted"


class ImageUnreadableError(ImageError):
    """The file is there but cannot be read: no permission, locked by another program, a
    disk that fails to read it."""

    kind = "image_unreadable"


class ImageTooLargeError(ImageError):
    """A good image over the size or pixel limit: the hint is to make it smaller."""

    kind = "image_too_large"


# A folder given so that the images inside it come in, and what stops it.
class FolderUnreadableError(InputError):
    kind = "folder_unreadable"


class TooManyFilesError(InputError):
    """A folder holds more images than are added at once."""

    kind = "too_many_files"


class FolderTooLargeError(TooManyFilesError):
    """A folder holds more names (mostly not images, say a home folder) than are looked
    through."""

    kind = "folder_too_large"


class DropFullError(TooManyFilesError):
    """A folder whose images, with those of the folders before it in the same drop, are
    more than are added at once."""

    kind = "drop_full"


class NoImagesError(InputError):
    kind = "no_images"


# The KIE service, one class per envelope code family.
class KieError(KontextError):
    kind = "kie_error"
    retryable = False
    answered = False
    """KIE itself said so, in its envelope; not a gateway's bare HTTP status (an nginx or
    Cloudflare page), which says nothing of the task or the file."""

    @classmethod
    def said(cls, msg: str, *, code: int | None = None) -> Self:
        """An error KIE reported in its own words (an envelope's ``msg``, a failed task's
        ``errorMessage``): they are kept as they came in :attr:`message` (the log, the
        library, ``--json``) and shown by :func:`~kontext_studio.explain.kie_words`."""
        error = cls(msg, code=code)
        error.kie_said = bool(msg)
        return error


class AuthError(KieError):
    kind = "auth"
    CODE: ClassVar[int] = 401


class CreditsError(KieError):
    kind = "credits"
    CODE: ClassVar[int] = 402


class ContentPolicyError(KieError):
    kind = "content_policy"


class ValidationError(KieError):
    kind = "validation"


class NotFoundError(KieError):
    kind = "not_found"


class RateLimitedError(KieError):
    """429: the request was dropped, nothing was charged."""

    kind = "rate_limited"
    retryable = True
    CODE: ClassVar[int] = 429
    retry_after_s: float | None = None
    """How long the reply asked to wait before asking again (its ``Retry-After``, in
    seconds or as an HTTP date, read as it came: :func:`~kontext_studio.kie.client.asking_wait`);
    None when it did not say."""


class MaintenanceError(KieError):
    """455: the service is down for maintenance, nothing was charged."""

    kind = "maintenance"
    retryable = True
    CODE: ClassVar[int] = 455


class ServerError(KieError):
    kind = "server"
    CODE: ClassVar[int] = 500


class UploadRefusedError(ServerError):
    """KIE's upload service answered a reference image's upload with a server error, a
    reply that could not be read, or one cut off on the way (:class:`ReplyCutError`).
    Nothing was made or charged (uploads are free, and the next try goes to a fresh path),
    so the job tries again by itself, as after a network error; but KIE answered: neither
    "KIE cannot be reached" nor, in demo mode, "the demo server stopped" is true of it.
    Its kind is its own, not a server error's: kept on a job waiting to be sent again, it
    says the try made nothing at KIE (``jobs.stopped.MADE_NOTHING_KINDS``), which a cancel
    meanwhile keeps as proof that nothing was charged."""

    kind = "upload_refused"


class GenerationFailedError(KieError):
    kind = "generation_failed"


class FeatureDisabledError(KieError):
    kind = "feature_disabled"


class UpstreamTimeoutError(KieError):
    kind = "upstream_timeout"
    CODE: ClassVar[int] = 408


class MalformedReplyError(KieError):
    """The server answered with something that is not KIE's envelope."""

    kind = "malformed_reply"


class EmptyRecordError(MalformedReplyError):
    """A poll KIE answered with success and no record (``data`` null): not its word that it
    does not know the task, which is code 422 "recordInfo is null" (kie-api.md), but a reply
    that says nothing. One such glitch must not end a job KIE has made and charged: the job
    asks again on its schedule, and only a run of them in a row stops it
    (:attr:`~kontext_studio.jobs.engine.EngineConfig.empty_record_polls`), its Retry free."""


# Transport: the difference between these two decides whether a job may be sent again.
class NetworkError(KieError):
    """The request provably never reached the server (connection refused, DNS, connect
    timeout): safe to retry, nothing was created."""

    kind = "network"
    retryable = True


class UnreachableError(NetworkError):
    """No connection to the server could be made at all (no network, a name that does not
    resolve, a refused or unanswered connection): nothing was sent. Unlike a connection
    that broke, this does not pass in a moment, so a job gives up on it after a few quick
    tries and says so (:class:`~kontext_studio.jobs.engine.EngineConfig`)."""


class ReplyCutError(NetworkError):
    """A free call's reply (a poll, the balance, a fresh link, an upload) was cut off after
    its status came: the connection broke or timed out in its body. KIE was reached, so
    neither "KIE cannot be reached" nor "Credits: no connection" is true of it; but, as for
    a network error, nothing the call asked for came back, and asking again is free. A
    generate's reply cut so is an :class:`OutcomeUnknownError` instead: the task may exist,
    and be charged."""

    kind = "reply_cut"


class ResultDownloadError(NetworkError):
    """The finished image's download failed on the way (the server holding it cut the
    connection, or could not be reached): KIE itself had answered, so this is not "KIE
    cannot be reached". Fetched again like any network trouble; a retry gets it free.
    In demo mode the demo server holds the image: its download failing means it stopped."""

    kind = "result_download"


class ResultHostRefusedError(ResultDownloadError):
    """This computer refused the connection to the address a result's link names: nothing
    listens at it (a demo server's old port, after a restart). Unlike no network, a name not
    looked up, a connection that timed out or broke, or one refused by another computer (a
    firewall, a proxy or a VPN on the way answers so too), which may be this computer's
    side and pass, it says the link leads nowhere now: with KIE's word that it has no record
    of the task, no link to the image is left. Its words are those of any failed download."""


class KieAddressError(KieError):
    """The KIE address the app is set to use (``KONTEXT_STUDIO_KIE_URL`` or
    ``KONTEXT_STUDIO_KIE_UPLOAD_URL``) is not one a request can be sent to (httpx's
    ``UnsupportedProtocol`` or ``InvalidURL``): nothing was sent, and trying again never
    helps, so a job fails at once instead of being retried as a network error."""

    kind = "kie_address"


class TlsSetupError(KieError):
    """The certificates a connection to KIE is checked with cannot be read: httpx reads the
    file ``SSL_CERT_FILE`` (or the folder ``SSL_CERT_DIR``) names when either is set, else
    certifi's bundle. Nothing was sent, and trying again never helps before the setting is
    right and the app started again, so a job fails at once instead of being retried as a
    network error (which would blame the internet)."""

    kind = "tls_setup"


SERVER_TROUBLE = QT_TRANSLATE_NOOP("Errors", "KIE’s server had a problem answering")
"""The detail of a reply a server error (a 5xx, a gateway's page) stood in for: here, where
:mod:`~kontext_studio.explain` can tell a generate answered so from one never answered."""
UNREADABLE = QT_TRANSLATE_NOOP("Errors", "KIE’s answer could not be read")
"""The detail of a reply that is not what KIE's contract promises; on a generate, here for
the same reason as :data:`SERVER_TROUBLE`."""
LINK_REFUSED = QT_TRANSLATE_NOOP("Errors", "the download link KIE had just given was refused")
"""The detail of an :class:`ExpiredResultError` for a result whose host refused (403, 422)
even the fresh link KIE had just given: no link of KIE's has expired, and
:mod:`~kontext_studio.explain` words it as its own trouble."""
NO_TASK_ID = QT_TRANSLATE_NOOP("Errors", "KIE took the job without saying which task it is")
"""The detail of a generate KIE answered with success but no usable task id; here for the
same reason as :data:`SERVER_TROUBLE`."""
EMPTY_RECORD = QT_TRANSLATE_NOOP("Errors", "KIE answered about the job without any of its details")
"""The detail of an :class:`EmptyRecordError`."""


class OutcomeUnknownError(KieError):
    """The request may have reached the server but no usable answer came back."""

    kind = "outcome_unknown"


class ExpiredResultError(KieError):
    """A result URL no longer serves the image (KIE keeps results 14 days)."""

    kind = "expired_result"


class ResultDeletedError(ExpiredResultError):
    """KIE's own word that a result is deleted (download-url, asked for a fresh link to it,
    answered it has no such file): no later request gets it, however young the job. Its
    words are those of any expired result."""


class LinkRefusedError(ExpiredResultError):
    """KIE's word that a result URL is no file of its own (download-url answered 422, which
    kie-api.md gives for any address that is not a KIE file): nothing in it is passing, and
    asked again for the same URL it answers the same."""


class DamagedResultError(KieError):
    """What came back for a finished image was not a whole image (cut off on the way, or a
    network's sign-in page): its download is tried again, and a retry fetches it free."""

    kind = "damaged_result"


PASSING: tuple[type[KieError], ...] = (
    NetworkError,
    ServerError,
    RateLimitedError,
    MaintenanceError,
    MalformedReplyError,
    UpstreamTimeoutError,
    DamagedResultError,
)
"""The errors that say nothing of a job's result but that it could not be had for now (no
network, a server's or gateway's trouble, a damaged transfer): not KIE's word that it is
deleted, or that it does not know the task."""


def _kinds(errors: tuple[type[KontextError], ...]) -> frozenset[str]:
    """The kinds of ``errors`` and of every subclass of theirs, some of which have their own
    (a download cut short: :class:`ResultDownloadError`, a network error)."""
    kinds: set[str] = set()
    for error in errors:
        kinds |= {error.kind} | _kinds(tuple(error.__subclasses__()))
    return frozenset(kinds)


PASSING_KINDS = _kinds(PASSING)
"""The kinds of :data:`PASSING` and their subclasses, as a job's row keeps them."""


class JobTimeoutError(KontextError):
    kind = "timeout"


class InternalError(KontextError):
    """A bug stopped a job; its traceback is in the log, the job is left for a retry."""

    kind = "internal"


class RelativeFilePathError(InternalError):
    """A write named an artwork's image by a relative path, which a read takes for no file
    (``store.ledger._named_file``): the artwork would have lost its image as it was written.
    Every path Kontext Studio writes is whole; one that is not is a mistake of the writer's,
    refused before anything is written. Not a :class:`StorageError`: the disk is fine, so
    the other writes of its batch land (``jobs.writer``), its traceback is logged, and an
    Undo refused by it is not kept to be tried again for nothing."""

    kind = "relative_file_path"


class StorageError(KontextError):
    """Disk full, read-only folder, damaged database."""

    kind = "storage"


class FileReadOnlyError(StorageError):
    """A file the app saves (``settings.json``) cannot be replaced while its folder takes new
    files: the file itself is read-only, locked, or held open by another program (Windows).
    Its folder is fine, so the folder's words would send the artist the wrong way."""

    kind = "file_read_only"


class BrokenLinkError(StorageError):
    """A file the app saves (``settings.json``) is a link that leads to no file: the file
    it linked to was moved or deleted. Saving must not put a file in the link's place,
    which would cut off the one the artist keeps elsewhere (a git repository)."""

    kind = "broken_link"


class FileIsFolderError(StorageError):
    """A file the app saves (``settings.json``) is a folder, or a link to one: a save cannot
    replace it, and the folder may hold the artist's own files."""

    kind = "file_is_folder"


class FileUnreadableError(StorageError):
    """A file of the artist's own (their presets, their recent prompts) is there but cannot
    be read just now: another program holds it (a sync client or an antivirus, on Windows),
    no permission, a disk or a network share that did not answer. Nothing says it is
    damaged, so it is left where it is, not set aside for the artist to put back by hand;
    and nothing is saved over it until it can be read, which would write a file without
    what it holds."""

    kind = "file_unreadable"


class TrashError(StorageError):
    """The desktop's trash refused a file (no trash on that disk, no permission): the file
    is where it was."""

    kind = "trash"


class TrashedNotDeletedError(StorageError):
    """A Delete moved the artwork's image to the desktop's trash, then could not remove the
    artwork from the library: ``reason`` says why (another program held it). The artwork
    stays, its image in the trash; deleting it again finishes, restoring the image keeps
    it."""

    def __init__(self, reason: KontextError) -> None:
        super().__init__(reason.message)
        self.reason = reason
        self.kind = reason.kind  # told as its reason where no words of its own are given


class FolderError(StorageError):
    """A folder the app needs (its home, data, logs, or the library folder) cannot be used:
    missing rights, a file in its place, a path that names no folder."""

    kind = "folder"


class LibraryReadError(StorageError):
    """The library database cannot be read: a damaged file, or a row this app never wrote."""

    kind = "library_read"


class LibraryClosedError(StorageError):
    """A call reached the ledger after it was closed (a late one while the app shuts down):
    refused, where a database that connects by itself would open the file again."""

    kind = "library_closed"


class LibraryBusyError(StorageError):
    """Another program holds the library's database locked (a database browser with a
    change not saved yet, a backup or sync tool) for longer than SQLite waits. Nothing is
    wrong with the disk or the file: the storage words ("free disk space") would send the
    artist the wrong way."""

    kind = "library_busy"


class LibraryBackupError(StorageError):
    """The library's copy made before its schema is upgraded cannot be written (a read-only
    folder, a full disk): the library is not upgraded without one, and is left as it was."""

    kind = "library_backup"


class LibraryUpgradingError(StorageError):
    """Another instance of the app is upgrading the library's schema, and has not finished
    in the time an opener waits for it (:mod:`kontext_studio.store.upgrading`)."""

    kind = "library_upgrading"


class NewerLibraryError(StorageError):
    """The library was written by a newer version of the app, which this one must not touch."""

    kind = "library_newer"


class KeyringUnavailableError(KontextError):
    """The system keyring cannot take or give a secret (none is installed, it is locked, it
    does not answer): said by a command, which has no session to keep a secret for."""

    kind = "keyring"

    silent = False
    """The keyring does not answer (its service hangs, or is not running), where it is
    otherwise missing or locked: what to do is to try again or restart its service, as no
    unlock makes it answer. Set where the error is made, never told from its words."""

    missing = False
    """No keyring is installed (or the one chosen cannot be loaded): what to do is to set one
    up, where one that is locked or refused is to be unlocked or allowed, and one that does
    not answer restarted. Set where the error is made, never told from its words."""

    write_refused = False
    """The keyring answered as usable and then refused the secret itself (a prompt dismissed
    at the write): only then is it worth asking whether it holds that secret already, where
    a keyring found locked before the write would only prompt again."""

    write_timed_out = False
    """The keyring was asked to store the secret and did not answer (timed out), nor when
    read back after: it may have stored it all the same, which is not known. Not of a write
    not asked in a save after the keyring failed once
    (:func:`~kontext_studio.secrets.one_ask_per_save`). Set where the error is made."""

    said_alone = False
    """Its detail says the keyring's state itself ("The system keyring holds a damaged
    entry: the R2 secret access key …"), as a publish says it alone
    (:class:`PublishSecretUnreadableError`): explained alone, where the kind's sentence
    before it said the same twice. Set where the error is made."""


class SecretDamagedError(KeyringUnavailableError):
    """The keyring answers, but what it holds under a secret's name is not text (bytes that
    are no UTF-8, a number): damaged by another program, or a sync. No unlock or restart
    mends it; storing the secret again replaces it. Its detail names the secret, never what
    the keyring gave."""

    kind = "keyring_damaged"


class PublishError(KontextError):
    kind = "publish"

    environment_only = False
    """What is at fault (a value that cannot work, or one R2 refused) is set by environment
    variables alone: read-only in Settings, which cannot put it right, so the window offers
    no "Open Settings"; its :attr:`hint` says to correct the variables. Set where the error
    is made (:meth:`correcting_environment`), never told from its words."""

    after_removal = False
    """An unpublish's failure once R2 had removed its image, at the removal of its manifest:
    whatever the error, the image is gone, and its link leads to nothing. Set where it is
    raised (:meth:`~kontext_studio.publish.publisher.Publisher.unpublish`)."""

    def correcting_environment(self, hint: str) -> Self:
        """This error, advising ``hint`` (see :attr:`hint`): to correct the environment
        variables that alone set what is at fault (:attr:`environment_only`)."""
        self.environment_only = True
        return self.advising(hint)


class PublishSetupError(PublishError):
    """The R2 settings (with the environment and the keyring) lack a value or hold one that
    cannot work: nothing was tried, whether publishing or unpublishing."""

    kind = "publish_setup"


class PublishNotSetUpError(PublishSetupError):
    """Publishing is not set up: fields it needs are empty (in the settings, the environment
    and the keyring). Its detail names them as Settings → Publishing (R2) labels them; its
    words say what to do first (:func:`~kontext_studio.explain.explain`), the fields after."""


class PublishSecretUnreadableError(PublishSetupError):
    """The R2 secret may be in the system keyring, which cannot be read now (locked, its
    unlock prompt dismissed, not answering): said so, with what to do, where "Still empty:
    Secret access key" had the artist type again a secret that is stored. Settings cannot
    unlock the keyring, so "Open Settings" is not the window's default
    (:attr:`~PublishError.environment_only`): the secret typed there is the other way."""

    environment_only = True

    silent = False
    """The keyring does not answer, rather than being locked
    (:attr:`KeyringUnavailableError.silent`)."""

    damaged = False
    """The keyring answers, but its entry for the secret is damaged
    (:class:`SecretDamagedError`): the secret entered in Settings mends it."""


class PublishAuthError(PublishError):
    kind = "publish_auth"


SET_THE_CLOCK = QT_TRANSLATE_NOOP(
    "Errors",
    "Set the clock right (its date, time and time zone; automatic time is best), then retry.",
)
"""What to do when this computer's clock is off: R2 refuses its signatures
(:class:`PublishClockError`), every server's certificate looks out of date to it."""
CERTIFICATE_OUT_OF_DATE = QT_TRANSLATE_NOOP(
    "Errors", "the server's certificate is not valid at this computer's date and time"
)
"""Why a connection failed when the clock is off (said with :data:`SET_THE_CLOCK`)."""
CERTIFICATE_OUT_OF_DATE_BEFORE = (
    "the server's certificate is not valid at this computer's date and time: check the clock"
)
""":data:`CERTIFICATE_OUT_OF_DATE` as versions before the advice was kept apart from it
said it, kept so with the jobs they stopped: out of the catalogue since, it read in English
under a translation. :func:`~kontext_studio.explain.stored_detail` reads it as the words it
became, and :func:`~kontext_studio.explain.stored_hint` gives it that advice."""


class PublishClockError(PublishError):
    """R2 refused a request because this computer's clock is off: a signature carries the
    time it was made, and R2 refuses one made too far from its own time. The keys may be
    fine; only the clock can fix it."""

    kind = "publish_clock"


class PublishExpiredError(PublishError):
    """R2 refused a request as expired with this computer's clock right (its answer's time
    agrees): a request that took too long to arrive, or a temporary token past its end.
    Sending it again signs it anew; only a token that has expired keeps it failing."""

    kind = "publish_expired"


class PublishBucketError(PublishError):
    kind = "publish_bucket"


class PublishNetworkError(PublishError):
    kind = "publish_network"

    endpoint_suspect = False
    """The endpoint as set is plausibly what failed, not the network: no host has its name
    (a mistyped account ID), nothing listens at it (a wrong port), or it answered with a
    certificate for another name; Settings → Publishing (R2) may put it right, so the window
    offers them. Not a time-out, a connection cut, no route to it, a name server that does
    not answer: the endpoint was found, or the network is at fault. Set where the error is
    made (:func:`~kontext_studio.publish.r2_errors.map_error`)."""

    sent_nothing = False
    """No try of the request got as far as a connection to the endpoint (no host of that
    name, nothing listening, no network, connecting timed out, a certificate of another
    name), so R2 never saw it: an
    unpublish that failed so removed nothing. A try that connected, before a later one
    that did not, may have been carried out without its answer coming back. Set where the
    error is made (:func:`~kontext_studio.publish.r2_errors.map_error`)."""


class PublishServiceError(PublishError):
    """R2, or the way to it, was in trouble: an answer of R2's own failure (5xx), or one no
    R2 sends (a proxy or a sign-in page in the way). Worded as any :class:`PublishError`;
    apart so that a request that later goes through can show it is over, where R2 refusing
    one request (a 4xx) may be about that one object."""


class PublishCancelledError(PublishError):
    kind = "publish_cancelled"


class PublishCancelledUncleanError(PublishCancelledError):
    """Cancelled while the transfer's thread was still to remove what it had sent, or it
    could not: a part may be left in the bucket, which the next publish of the artwork
    removes (the multipart upload it aborts, or the key the record notes)."""

    kind = "publish_cancelled_unclean"


class PublishBusyError(PublishError):
    """The artwork is being removed from the bucket (unpublished from the library), so it
    cannot be published now. (A publish meeting one already under way joins it instead.)"""

    kind = "publish_busy"


def fill_values(template: str, values: Mapping[str, Value], reason: Callable[[Reason], str]) -> str:
    """``template`` filled with ``values`` as the installed language shows them: a
    :class:`Term` translated, a tuple as "A, B or C" in its words, and a :class:`Reason` as
    ``reason`` words it (its message in English; where it is shown, its error's detail)."""
    return fill(template, **{name: _shown(value, reason) for name, value in values.items()})


def _shown(value: Value, reason: Callable[[Reason], str]) -> str | int:
    if isinstance(value, tuple):
        names = tuple(str(_shown(item, reason)) for item in value)
        if isinstance(value, Joined):
            return join_names(names)
        return _listed(names, _AND_LIST if isinstance(value, Every) else _OR_LIST)
    if isinstance(value, Term):
        return translate(_CONTEXT, value)
    if isinstance(value, Reason):
        return reason(value)
    if isinstance(value, Moment):
        return moment(value.timestamp)
    return value


def join_names(names: Sequence[str]) -> str:
    """``names`` (files, titles, settings) one after another as the installed language
    lists them: "a.png, b.png"; in Chinese with the enumeration comma, "a.png、b.png",
    where a comma ("，") joins clauses."""
    template = translate(_CONTEXT, _LIST_MORE)
    joined = names[0] if names else ""
    for name in names[1:]:
        joined = _spaced(template, items=joined, item=name)
    return joined


NAMES_SHOWN = 5
"""How many names (titles, files) :func:`some_names` gives of a longer list."""


def quoted_names(names: Sequence[str]) -> str:
    """``names``, each quoted, one after another (:func:`join_names`): “a.png”, “b.png”."""
    quote = translate(_CONTEXT, _QUOTED)
    return join_names([quote.format(name=name) for name in names])


def some_names(names: Sequence[str], more: str = "") -> str:
    """``names``, quoted (:func:`quoted_names`): the first :data:`NAMES_SHOWN` of more, then
    how many more, in ``more`` (translated; "{names} and {count} more", of files, unless
    given: Chinese counts artworks with another measure word). The names of hundreds
    (artworks left out of a Save, files a folder left out of an import) filled a banner,
    or a terminal."""
    if len(names) <= NAMES_SHOWN:
        return quoted_names(names)
    return (more or translate(_CONTEXT, _SOME_MORE)).format(
        names=quoted_names(names[:NAMES_SHOWN]), count=grouped(len(names) - NAMES_SHOWN)
    )


def _listed(names: tuple[str, ...], last: str) -> str:
    """ "A, B or C" (``last`` :data:`_OR_LIST`) or "A, B and C" (:data:`_AND_LIST`), each
    separator from the catalogue (Chinese lists take "、")."""
    if len(names) < 2:
        return "".join(names)
    return _spaced(translate(_CONTEXT, last), items=join_names(names[:-1]), last=names[-1])


def _spaced(template: str, **parts: str) -> str:
    """``template.format(**parts)``, with a space where a Latin letter or digit of a part
    meets a Chinese character of the template: "访问密钥 ID 和秘密访问密钥", where "和" between
    two Chinese words takes none (before: "访问密钥 ID和秘密访问密钥")."""
    pieces = list(Formatter().parse(template))
    shown: list[str] = []
    for index, (literal, field, _spec, _conversion) in enumerate(pieces):
        shown.append(literal)
        if field is None:
            continue
        value = parts[field]
        after = pieces[index + 1][0] if index + 1 < len(pieces) else ""
        if _meet(literal[-1:], value[:1]):
            value = " " + value
        if _meet(value[-1:], after[:1]):
            value += " "
        shown.append(value)
    return "".join(shown)


def _meet(left: str, right: str) -> bool:
    """A Latin letter or digit and a Chinese character side by side, in either order."""
    return bool(
        (_LATIN.fullmatch(left) and _CHINESE.fullmatch(right))
        or (_CHINESE.fullmatch(left) and _LATIN.fullmatch(right))
    )


_LATIN = re.compile(r"[A-Za-z0-9]")
_CHINESE = re.compile(r"[\u3400-\u9fff]")


_LIST_MORE = QT_TRANSLATE_NOOP("Errors", "{items}, {item}")
_OR_LIST = QT_TRANSLATE_NOOP("Errors", "{items} or {last}")
_AND_LIST = QT_TRANSLATE_NOOP("Errors", "{items} and {last}")
_QUOTED = QT_TRANSLATE_NOOP("Errors", "“{name}”")
_SOME_MORE = QT_TRANSLATE_NOOP("Errors", "{names} and {count} more")
