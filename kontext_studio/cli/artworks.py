"""``import``, ``details``, ``publish`` and ``unpublish``: finished images added to the
library, their title, description and tags changed, and artworks published to R2 or taken
back, a Ctrl+C heard between two steps."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kontext_studio.cli.cut_names import cut_path, spelled_out
from kontext_studio.cli.job_output import job_json, short_title
from kontext_studio.cli.jobs import say_questioned, stdout_encoding
from kontext_studio.cli.library import library_folder, open_ledger
from kontext_studio.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_JOB_FAILED,
    EXIT_OK,
    english_message,
    lines_questioned,
    out,
    print_json,
    printable,
    say,
)
from kontext_studio.cli.run import interrupted_as
from kontext_studio.cli.settings import R2, command_settings
from kontext_studio.cli.signals import uncancel
from kontext_studio.config import expand_folder
from kontext_studio.errors import (
    NAMES_SHOWN,
    InputError,
    KontextError,
    PublishCancelledUncleanError,
    PublishSecretUnreadableError,
    Refusal,
    join_names,
    quoted_names,
    some_names,
)
from kontext_studio.explain import Explanation, explain, explain_unpublish
from kontext_studio.i18n import QT_TRANSLATE_NOOP, english, grouped, translate
from kontext_studio.images.collect import Collected, LeftOut, collect_images
from kontext_studio.store.ledger import Ledger, Snapshot


def _publisher() -> Any:
    from kontext_studio.publish import Publisher, load_r2_config

    return Publisher(load_r2_config(command_settings((R2,)).r2))


async def import_files(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    args.interrupted_fields = {"files": rows}  # a Ctrl+C's --json line lists the files done
    given = {expand_folder(p): p for p in args.paths}
    collected = await asyncio.to_thread(collect_images, list(given))
    args.imported = _Imported(total=len(collected.files))
    seen: set[int] = set()
    ledger = open_ledger()
    try:
        newest = await asyncio.to_thread(ledger.newest_id)

        def said(file: Path, result: Snapshot | KontextError) -> None:
            path = given.get(file, str(file))
            if isinstance(result, Snapshot):
                # A file whose bytes the library holds already (from before, or earlier in
                # this list) comes back as that artwork, unchanged: said so, as the window
                # says it.
                added = result.id > newest and result.id not in seen
                # A copy put back by a file earlier in this list: this one found it there.
                back = result.id in args.imported.put_back and result.id not in seen
                seen.add(result.id)
                # Only the copy this file made: one already there says nothing of it.
                unlocated = (added or back) and result.id in args.imported.unlocated
                row = {**job_json(result, full=True), "file": path, "added": added}
                rows.append({**row, "file_put_back": back, "location_removed": unlocated})
                words = _imported_words(path, result, added, args.title, back, unlocated)
                _tell_imported(words, args.json)
            else:
                rows.append(_refused_row(path, result))
            args.imported.done += 1

        await _import_each(ledger, collected.files, args, said)
    finally:
        ledger.close()
    rows.extend(_refused_row(given[folder], error) for folder, error in collected.problems)
    _tell_left_out(collected)
    _say_questioned_imports()
    failed = any(row["id"] is None for row in rows)
    rows.extend(_skipped_row(str(path), reason) for path, reason in collected.left_out)
    if args.json:
        print_json(rows[0] if len(rows) == 1 else rows)
    return EXIT_JOB_FAILED if failed else EXIT_OK


@dataclass
class _Imported:
    """How far an ``import`` got: what its Ctrl+C says."""

    total: int
    done: int = 0
    put_back: set[int] = field(default_factory=set)
    """The artworks already there whose missing image file a file imported put back."""
    unlocated: set[int] = field(default_factory=set)
    """The artworks whose copy had the GPS position of the file imported taken out."""


async def _import_each(
    ledger: Ledger,
    files: Sequence[Path],
    args: argparse.Namespace,
    said: Callable[[Path, Snapshot | KontextError], None],
) -> None:
    """Import ``files`` one at a time, each said (``said``) as it is done. A Ctrl+C stops
    between two files: the one under way is finished first (copied and recorded, or
    refused) and said, so that the library is not closed under it and what it holds is
    said; the others are not added. One during the last file stops nothing."""
    from kontext_studio.publish import import_artworks

    library = library_folder()
    for number, file in enumerate(files, start=1):
        work = asyncio.ensure_future(
            asyncio.to_thread(
                import_artworks,
                ledger,
                [file],
                library_dir=library,
                title=args.title,
                description=args.description,
                tags=args.tags,
                restored=args.imported.put_back,
                unlocated=args.imported.unlocated,
            )
        )
        try:
            (result,) = await asyncio.shield(work)
        except asyncio.CancelledError:
            (result,) = await work
            said(file, result)
            if number < len(files):
                raise
            uncancel()
            continue
        said(file, result)


_IMPORT_INTERRUPTED = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted after {done} of {total} files, each said above; the other {left} were not "
    "added. Importing all of them again adds only those: a file the library holds already "
    "is not added twice.",
)
_IMPORT_INTERRUPTED_AT_ONCE = QT_TRANSLATE_NOOP(
    "cli", "Interrupted before any file was added; the library is as it was."
)


def import_interrupted(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """What an ``import`` stopped by Ctrl+C says: which files it took (said above, each as
    it was done), and that the others were not added."""
    imported: _Imported | None = getattr(args, "imported", None)
    if imported is None or not imported.done:
        return _IMPORT_INTERRUPTED_AT_ONCE, {}
    left = imported.total - imported.done
    counts = {"done": imported.done, "total": imported.total, "left": left}
    return _IMPORT_INTERRUPTED, {name: grouped(count) for name, count in counts.items()}


def _refused_row(path: str, error: KontextError) -> dict[str, Any]:
    """A file or folder that brought nothing: said on stderr, and its --json row."""
    said = spelled_out(path)
    say(translate("cli", "{path}: {reason}").format(path=said, reason=explain(error).message))
    return {
        "id": None,
        "file": path,
        "added": False,
        "status": "error",
        "message": english_message(error),
    }


_LEFT_OUT_WORDS = {
    LeftOut.NOT_AN_IMAGE: "not a JPEG, PNG or WebP file: left out",
}
"""The --json message of a file a folder left out, by its reason (English, as every --json
value): one for each reason the collector gives (:class:`LeftOut`)."""


def _skipped_row(path: str, reason: LeftOut) -> dict[str, Any]:
    """The --json row of a file inside a folder that was passed over; not a failure."""
    return {
        "id": None,
        "file": path,
        "added": False,
        "status": "skipped",
        "reason": str(reason),
        "message": _LEFT_OUT_WORDS[reason],
    }


_LEFT_OUT_SAID = {
    LeftOut.NOT_AN_IMAGE: (
        QT_TRANSLATE_NOOP("cli", "{name} in the folder was left out: not a JPEG, PNG or WebP file"),
        QT_TRANSLATE_NOOP(
            "cli", "{count} files in the folder were left out, not JPEG, PNG or WebP: {names}"
        ),
        QT_TRANSLATE_NOOP(
            "cli", "{count} files in the folders were left out, not JPEG, PNG or WebP: {names}"
        ),
    ),
}
"""What stderr says of the files a folder left out, by their reason: of one, of several in
one folder, of several in more; for each reason the collector gives (:class:`LeftOut`)."""


def _tell_left_out(collected: Collected) -> None:
    """Name the files the folders left out (the first few of many), a line for each reason
    given: before, "1 file in the folders was left out" sent the artist through the folders
    to find which, where --json named them. The reasons are those of ``left_out``, in the
    order first given: before, those :data:`_LEFT_OUT_SAID` had words for, and a reason
    added to the collector without them was passed over in silence. "In the folders" only
    when more than one folder left files out. A long file name is cut in its middle, its
    folder and extension whole (:func:`~kontext_studio.cli.cut_names.cut_path`), and spelled
    out (:func:`~kontext_studio.cli.cut_names.spelled_out`), as the Upload tab names it: a
    right-to-left override (U+202E) in one turned the rest of the line around."""
    named: dict[LeftOut, list[str]] = {}
    for path, reason in collected.left_out:
        named.setdefault(reason, []).append(str(path))
    for reason, paths in named.items():
        # Only the names shown are cut: of thousands (a folder's RAW files) the rest are
        # counted, and cutting each took seconds.
        shown = paths[:NAMES_SHOWN]
        paths[:NAMES_SHOWN] = [spelled_out(cut_path(path)) for path in shown]
        one, in_one_folder, in_folders = _LEFT_OUT_SAID[reason]
        if len(paths) == 1:
            say(translate("cli", one).format(name=quoted_names(paths)))
        else:
            several = in_one_folder if collected.left_out_folders == 1 else in_folders
            words = translate("cli", several)
            say(words.format(count=grouped(len(paths)), names=some_names(paths)))


def _tell_imported(words: str, as_json: bool) -> None:
    """A file's result, as it is done: on stdout, as every command's result is (``import
    art.png > log`` keeps it); beside a --json line, whose rows say it, on stderr."""
    if as_json:
        say(words)
    else:
        out(printable(words))


def _say_questioned_imports() -> None:
    """Say on stderr how many of the lines ``import`` printed show "?" for characters
    stdout's encoding lacks (a Chinese file name into a Windows pipe), as ``jobs`` says it
    of its list. Before, "??.png: imported as artwork 3" was all, as if the file were named
    so."""
    if not (count := lines_questioned()):
        return
    if count == 1:
        words = translate(
            "cli",
            '1 line of the import shows "?" for characters that stdout\'s encoding '
            "({encoding}) cannot write: the same `kontext-studio import` with --json gives "
            "them whole, adding no file twice.",
        )
    else:
        words = translate(
            "cli",
            '{count} lines of the import show "?" for characters that stdout\'s encoding '
            "({encoding}) cannot write: the same `kontext-studio import` with --json gives "
            "them whole, adding no file twice.",
        )
    say(words.format(count=grouped(count), encoding=stdout_encoding()))


def _imported_words(
    path: str, snap: Snapshot, added: bool, title: str | None, put_back: bool, unlocated: bool
) -> str:
    """What a file imported did; ``unlocated``: its copy had its GPS position taken out,
    which the artist is told (the file itself keeps it). Its ``path`` spelled out
    (:func:`~kontext_studio.cli.cut_names.spelled_out`)."""
    path = spelled_out(path)
    if added and unlocated:
        words = translate(
            "cli",
            "{path}: imported as artwork {id}, without its GPS location (where it was taken); "
            "the file keeps it",
        )
        return words.format(path=path, id=snap.id)
    if added:
        return translate("cli", "{path}: imported as artwork {id}").format(path=path, id=snap.id)
    if put_back and unlocated:
        words = translate(
            "cli",
            "{path}: already in the library as artwork {id}, whose image file was missing: "
            "this copy, without its GPS location, is its file now",
        )
        return words.format(path=path, id=snap.id)
    if put_back:
        words = translate(
            "cli",
            "{path}: already in the library as artwork {id}, whose image file was missing: "
            "this copy is its file now",
        )
        return words.format(path=path, id=snap.id)
    if title and title != snap.title:
        words = translate(
            "cli", '{path}: already in the library as artwork {id}; its title stays "{title}"'
        )
        return words.format(path=path, id=snap.id, title=short_title(snap))
    words = translate("cli", "{path}: already in the library as artwork {id}; nothing was added")
    return words.format(path=path, id=snap.id)


def _publish_line(artwork_id: int, status: str, snap: Snapshot | None, message: str) -> dict:
    return {
        "id": artwork_id,
        "status": status,
        "key": (snap.published_key or None) if snap else None,
        "url": None,
        "message": message,
    }


def _require_artwork(ledger: Ledger, artwork_id: int) -> Snapshot:
    """The artwork; an id that is not in the library is input refused (exit 2), as it is
    for ``retry``, and said before anything else (such as R2 not being configured) is
    looked at."""
    snap = ledger.get(artwork_id)
    if snap is None:
        raise Refusal.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "There is no artwork {id}. `kontext-studio jobs` lists the library."
            ),
            id=artwork_id,
        )
    return snap


_STILL_PUBLISHED = QT_TRANSLATE_NOOP(
    "cli",
    "artwork {id} is published: the copy in your R2 bucket keeps its old title, description "
    "and tags until it is published again",
)


async def edit_details(args: argparse.Namespace) -> int:
    """``details ID``: what is given changed as the window's Edit details changes it (tags
    split as ``import`` splits them, the same limits), the rest left as it is."""
    from kontext_studio.store.details import (
        DetailsEdit,
        add_tags,
        check_lengths,
        joined_tags,
        save_details,
    )

    edit = DetailsEdit(title=args.title, description=args.description, tags=args.tags)
    ledger = open_ledger()
    try:
        held = await asyncio.to_thread(_require_artwork, ledger, args.id)
        # Every field checked before the first write: one over its limit changes none.
        edit.values(held)
        if args.add_tags is not None:
            check_lengths(tags=joined_tags(args.add_tags))
        if edit != DetailsEdit():
            await asyncio.to_thread(save_details, ledger, args.id, edit)
        if args.add_tags is not None:
            await asyncio.to_thread(add_tags, ledger, [args.id], args.add_tags)
        snap = await asyncio.to_thread(_require_artwork, ledger, args.id)
    finally:
        ledger.close()
    if snap.published_key:
        say(translate("cli", _STILL_PUBLISHED).format(id=snap.id))
    if args.json:
        print_json(
            {
                "id": snap.id,
                "title": snap.title,
                "description": snap.description,
                "tags": snap.tag_list,
                "published": bool(snap.published_key),
            }
        )
    else:
        title = short_title(snap)
        tags = ", ".join(snap.tag_list) or translate("cli", "no tags")
        if title:
            words = translate("cli", 'artwork {id} "{title}": {tags}')
        else:  # its title emptied, and no prompt to show: said as `jobs` says it, untitled
            words = translate("cli", "artwork {id}: {tags}")
        out(printable(words.format(id=snap.id, title=title, tags=tags)))
        say_questioned(snap.id)
    return EXIT_OK


async def publish(args: argparse.Namespace) -> int:
    from kontext_studio.publish import artwork_url

    ledger = open_ledger()
    try:
        await asyncio.to_thread(_require_artwork, ledger, args.id)
        try:
            publisher = _publisher()
        except KontextError as error:  # R2 not set up: nothing was sent
            return _publish_refused(args, error)
        code = EXIT_OK
        try:
            try:
                snap = await _publish_until_interrupted(ledger, publisher, args.id)
            except asyncio.CancelledError:
                # Its Ctrl+C words say what a publish cut short left (publish_interrupted).
                args.left_in_bucket = await _left_in_bucket(ledger, args.id)
                raise
            line = _publish_line(args.id, "published", snap, "")
            line["url"] = await asyncio.to_thread(artwork_url, publisher, snap)
        except KontextError as error:
            # An artwork with nothing to publish (unfinished, its file gone) is refused as
            # bad input is: nothing was sent.
            code = EXIT_BAD_INPUT if isinstance(error, InputError) else EXIT_JOB_FAILED
            line = _publish_failed(args.id, error)
            if code == EXIT_JOB_FAILED:  # a refusal sent nothing, and says what was left
                await _say_left(ledger, args.id)
                record = await _record_after(ledger, args.id)
                line = _told_if_maybe_gone(line, record, _PUBLISH_FAILED_MAYBE_GONE)
    finally:
        ledger.close()
    if args.json:
        print_json(line)
    elif code == EXIT_OK:
        out(line["url"])
    return code


_LEFT_IN_BUCKET = QT_TRANSLATE_NOOP(
    "cli",
    "Its image may be in the bucket '{bucket}' all the same ({key}): "
    "`kontext-studio unpublish {id}` removes it, `kontext-studio publish {id}` publishes it.",
)


async def _say_left(ledger: Ledger, artwork_id: int) -> None:
    """After a first publish that failed once its image may have been stored (an answer
    lost, R2 then refusing the retry and the look for the image), the record keeps the
    image's key: said on stderr, with what removes it, as the window's preview says it.
    Before, only the failure was said, and the artist took the image for not public."""
    left = await _left_in_bucket(ledger, artwork_id)
    if left is not None:
        words = translate("cli", _LEFT_IN_BUCKET)
        say(words.format(bucket=left[0], key=left[1], id=artwork_id))


async def _left_in_bucket(ledger: Ledger, artwork_id: int) -> tuple[str, str] | None:
    """The bucket and the key of the image a first publish of ``artwork_id`` that stopped
    before its end may have left there, as its record notes them; None when it notes none
    (or cannot be read: what the command says of its failure is the news)."""
    try:
        snap = await asyncio.to_thread(ledger.get, artwork_id)
    except KontextError:
        return None
    if snap is None or not snap.retired_key or snap.published_key:
        return None
    return snap.published_bucket, snap.retired_key


_TOO_LATE_TO_STOP = QT_TRANSLATE_NOOP(
    "cli", "Ctrl+C came while artwork {id} was being recorded as published: it is published."
)


async def _publish_until_interrupted(ledger: Ledger, publisher: Any, artwork_id: int) -> Snapshot:
    """Publish in a daemon thread: Ctrl+C answers within moments even while a request waits
    on a silent server (the default executor's thread would hold the exit until its
    time-out).
    The thread is told to stop and records nothing new; it is given a moment to take back
    what it sent, then its requests are cut (:func:`_ended_or_cut`), so behind a silent
    server the image, or the parts of an unfinished upload, may stay in the bucket: its
    record keeps the key, which the next publish or unpublish of the artwork removes, and
    the Ctrl+C words say so (:func:`publish_interrupted`).

    A Ctrl+C that comes once the thread is writing the record (the bucket has it all) is
    too late to stop it: the write, one local transaction, is waited for, with the removal
    of a version published before under other bytes, which follows it; the command reports
    what it recorded, not "interrupted" over an artwork recorded as published. The record
    names the new version before the old one goes, so a process that ends at any moment
    (a second Ctrl+C during that removal) leaves a record naming an image the bucket has,
    and the old key recorded for the next publish or unpublish to remove."""
    from kontext_studio.publish import PublishCancel, publish_artwork

    cancel = PublishCancel()
    outcome = _in_daemon_thread(
        "publish", lambda: publish_artwork(ledger, publisher, artwork_id, cancel=cancel)
    )
    try:
        return await asyncio.shield(outcome)
    except asyncio.CancelledError:
        if cancel.request():
            await _ended_or_cut(outcome, publisher)
            raise
    uncancel()
    recorded = await asyncio.shield(outcome)
    say(translate("cli", _TOO_LATE_TO_STOP).format(id=artwork_id))
    return recorded


async def _ended_or_cut(outcome: asyncio.Future[Snapshot], publisher: Any) -> None:
    """Give the publish or unpublish told to stop (``outcome``) a moment to end, taking back what
    it did; then cut its requests (:meth:`Publisher.stop`) and let it end, which it does at
    once (:func:`~kontext_studio.publish.end_or_cut`). Before, the command said it was
    interrupted and then stayed, the terminal held, until the silent server's time-outs and
    retries were spent (a minute, five for a large image): the process waits for the threads
    that send an image (boto3's and the publisher's) as it ends."""
    from kontext_studio.publish import end_or_cut

    await end_or_cut([outcome], publisher.stop)


def _in_daemon_thread(name: str, work: Callable[[], Snapshot]) -> asyncio.Future[Snapshot]:
    """``work`` in a daemon thread, its outcome as a future: unlike ``asyncio.to_thread``,
    the command does not wait for it to end when it ends (a request waiting on a silent
    server). Its exception after a Ctrl+C is not news: the command says it was
    interrupted."""
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[Snapshot] = loop.create_future()
    outcome.add_done_callback(lambda done: done.cancelled() or done.exception())

    def run() -> None:
        try:
            result = work()
        except Exception as error:  # handed over whole, as asyncio.to_thread does
            settled: tuple[Snapshot | None, BaseException | None] = (None, error)
        else:
            settled = (result, None)
        # The command ended without it (cut off, its requests not ending in time): told
        # nobody. Before, its RuntimeError was a traceback as the process ended.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle_future, outcome, *settled)

    threading.Thread(target=run, name=name, daemon=True).start()
    return outcome


def _settle_future(
    future: asyncio.Future[Snapshot], result: Snapshot | None, error: BaseException | None
) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    elif result is not None:
        future.set_result(result)


def _publish_refused(args: argparse.Namespace, error: KontextError) -> int:
    """R2 is not set up, so nothing was sent: said as any failure, with the exit code of
    input refused before anything was sent. A keyring that may hold the R2 secret but cannot
    be read now (locked) is no input to correct but a keyring to unlock: it fails the
    command (exit 1), as it does one whose KIE key it holds."""
    line = _publish_failed(args.id, error)
    if args.json:
        print_json(line)
    return EXIT_JOB_FAILED if isinstance(error, PublishSecretUnreadableError) else EXIT_BAD_INPUT


def _publish_failed(
    artwork_id: int,
    error: KontextError,
    worded: Callable[[BaseException], Explanation] = explain,
) -> dict[str, Any]:
    """Why publishing or unpublishing failed, and what to do, on stderr as for every other
    failure: stdout carries only the result (a script reading the link gets none).
    ``worded``: the words for ``error`` (:func:`explain_unpublish` for an unpublish)."""
    say(worded(error).sentences())
    with english():
        return _publish_line(artwork_id, "failed", None, worded(error).message)


async def unpublish(args: argparse.Namespace) -> int:
    from kontext_studio.publish import REMOVED_THEN_GONE, RETIRED_THEN_GONE

    ledger = open_ledger()
    try:
        was = await asyncio.to_thread(_require_artwork, ledger, args.id)
        if args.forget:
            return await _forget(ledger, args)
        if not (was.published_key or was.retired_key):  # nothing to remove: R2 not needed
            return _not_published(args)
        try:
            publisher = _publisher()
        except KontextError as error:  # R2 not set up: nothing was sent
            return _publish_refused(args, error)
        code = EXIT_OK
        try:
            try:
                snap = await _unpublish_until_interrupted(ledger, publisher, args.id)
            except asyncio.CancelledError:
                # Its Ctrl+C words say what the record says now (unpublish_interrupted).
                args.record_after = await _record_after(ledger, args.id)
                raise
            line = _publish_line(args.id, "unpublished", snap, "")
        except KontextError as error:
            if error.template == REMOVED_THEN_GONE:
                # Deleted (by the window) once R2 had removed it: unpublished all the same.
                say(explain(error).sentences())
                line = _publish_line(args.id, "unpublished", None, "")
            else:
                # Refused before anything was sent (published in another bucket): as bad input.
                # Not once the earlier version went, the artwork deleted before the last did.
                refused = isinstance(error, InputError) and error.template != RETIRED_THEN_GONE
                code = EXIT_BAD_INPUT if refused else EXIT_JOB_FAILED
                line = _publish_failed(args.id, error, explain_unpublish)
                # Marked by this run, or still so from an earlier one that did not finish.
                words = _STILL_MAYBE_GONE if was.may_be_gone else _FAILED_MAYBE_GONE
                line = _told_if_maybe_gone(line, await _record_after(ledger, args.id), words)
    finally:
        ledger.close()
    if args.json:
        print_json(line)
    elif code == EXIT_OK:
        out(translate("cli", "unpublished"))
    return code


_FAILED_MAYBE_GONE = QT_TRANSLATE_NOOP(
    "cli",
    "R2 may have removed its image before the failure, so the library now says artwork {id} "
    "may be gone from the bucket. `kontext-studio unpublish {id}` again finishes it.",
)
_STILL_MAYBE_GONE = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier unpublish of artwork {id} did not finish either, so the library still says it "
    "may be gone from the bucket. `kontext-studio unpublish {id}` again finishes it.",
)
"""Of an unpublish that failed where the mark came from an earlier run: "now" was untrue."""
_PUBLISH_FAILED_MAYBE_GONE = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier unpublish of artwork {id} did not finish, so the library says it may be gone "
    "from the bucket. `kontext-studio unpublish {id}` again finishes it.",
)


def _told_if_maybe_gone(
    line: dict[str, Any], record: Snapshot | None, words: str
) -> dict[str, Any]:
    """The failed publish's or unpublish's ``line``, and its stderr, telling in ``words``
    what the library says of it when that is "may be gone" (:attr:`Snapshot.may_be_gone`:
    an unpublish failed once R2 may have removed the image, a time-out, a connection lost)
    and what finishes it. Before, it said only why it failed ("Check the network"), the
    artwork, to the artist, as published as before; a failed publish never said it."""
    if record is None or not record.may_be_gone:
        return line
    say(translate("cli", words).format(id=record.id))
    with english():
        told = translate("cli", words).format(id=record.id)
    return {**line, "message": f"{line['message']} {told}"}


_NOT_PUBLISHED = QT_TRANSLATE_NOOP(
    "cli", "Artwork {id} is not published: there was nothing to unpublish."
)


def _not_published(args: argparse.Namespace) -> int:
    """``unpublish`` of an artwork the library records nothing of in a bucket (not even
    what a publish stopped before its end left): nothing asked of R2, and said so, its
    --json ``status`` ``not_published``. Before, it said "unpublished", as of one taken
    down. Exit 0: what was asked for, an artwork not published, is so."""
    if args.json:
        with english():
            message = translate("cli", _NOT_PUBLISHED).format(id=args.id)
        print_json(_publish_line(args.id, "not_published", None, message))
    else:
        out(translate("cli", _NOT_PUBLISHED).format(id=args.id))
    return EXIT_OK


async def _forget(ledger: Ledger, args: argparse.Namespace) -> int:
    """``unpublish --forget``: the record cleared, R2 not asked (its settings may name
    another bucket by now, or none); what stays in the bucket is said."""
    from kontext_studio.publish import forget_publication

    was = await asyncio.to_thread(forget_publication, ledger, args.id)
    words = _forgotten_words(was)
    if args.json:
        say(words)
        with english():
            message = _forgotten_words(was)
        line = _publish_line(args.id, "forgotten", was, message)
        print_json({**line, **_forgotten_fields(was)})
    else:
        out(printable(words))
    return EXIT_OK


def _forgotten_fields(was: Snapshot) -> dict[str, Any]:
    """What ``unpublish --forget --json`` adds of the record it cleared: its ``bucket``;
    ``left_key``, what a publish that stopped before its end may have left there; and
    ``may_be_gone``, whether an unpublish of its published ``key`` had not finished
    (:attr:`Snapshot.may_be_gone`), that image and its manifest there or gone. Of one that
    may be gone, ``left_key`` named its published key, as if a stopped publish had left
    it."""
    left = None if was.may_be_gone else was.retired_key or None
    return {
        "bucket": was.published_bucket or None,
        "left_key": left,
        "may_be_gone": was.may_be_gone,
    }


def _forgotten_words(was: Snapshot) -> str:
    keys = join_names(
        list(dict.fromkeys(key for key in (was.published_key, was.retired_key) if key))
    )
    if not keys:
        words = translate("cli", "Artwork {id} was not published: there was nothing to forget.")
        return words.format(id=was.id)
    if not was.published_key and was.published_bucket:
        # Only the key a first publish stopped before its end noted: never published.
        words = translate(
            "cli",
            "Artwork {id} was not published. A publish of it that stopped before its end may "
            "have left its image in the bucket '{bucket}' at {host} ({keys}); the library no "
            "longer records it, and nothing was removed.",
        )
        return words.format(
            id=was.id, keys=keys, bucket=was.published_bucket, host=was.published_host
        )
    if was.may_be_gone:
        return _forgotten_maybe_gone(was, keys)
    if not was.published_bucket:
        words = translate(
            "cli",
            "Artwork {id} is no longer recorded as published. Nothing was removed: its image "
            "and manifest stay in the bucket it was published to ({keys}).",
        )
        return words.format(id=was.id, keys=keys)
    words = translate(
        "cli",
        "Artwork {id} is no longer recorded as published. Nothing was removed: its image and "
        "manifest stay in the bucket '{bucket}' at {host} ({keys}).",
    )
    return words.format(id=was.id, keys=keys, bucket=was.published_bucket, host=was.published_host)


def _forgotten_maybe_gone(was: Snapshot, keys: str) -> str:
    """:func:`_forgotten_words` of an artwork an unpublish did not finish removing
    (:attr:`Snapshot.may_be_gone`): its image and manifest may be in the bucket, or gone.
    Before, they were said to stay there."""
    if not was.published_bucket:
        words = translate(
            "cli",
            "Artwork {id} is no longer recorded as published. Nothing was removed now, but an "
            "earlier unpublish of it did not finish: its image and manifest may still be in "
            "the bucket it was published to ({keys}), or may be gone.",
        )
        return words.format(id=was.id, keys=keys)
    words = translate(
        "cli",
        "Artwork {id} is no longer recorded as published. Nothing was removed now, but an "
        "earlier unpublish of it did not finish: its image and manifest may still be in the "
        "bucket '{bucket}' at {host} ({keys}), or may be gone.",
    )
    return words.format(id=was.id, keys=keys, bucket=was.published_bucket, host=was.published_host)


_UNPUBLISHED_ANYWAY = QT_TRANSLATE_NOOP(
    "cli", "Ctrl+C came while artwork {id} was being removed from R2: the removal was finished."
)


async def _unpublish_until_interrupted(ledger: Ledger, publisher: Any, artwork_id: int) -> Snapshot:
    """Unpublish in a daemon thread. A Ctrl+C while it removes the artwork from R2 gives
    the removal under way a moment (:func:`_ended_or_cut`) to end, record and all,
    and the command reports what it did: the library closed under it would keep naming as
    published an image gone from the bucket (a dead link). A server silent longer is not
    waited for: the Ctrl+C words say that ``unpublish`` again finishes it."""
    from kontext_studio.publish import unpublish_artwork

    outcome = _in_daemon_thread(
        "unpublish", lambda: unpublish_artwork(ledger, publisher, artwork_id)
    )
    try:
        return await asyncio.shield(outcome)
    except asyncio.CancelledError:
        await _ended_or_cut(outcome, publisher)
        if not _ended_uncut(outcome):
            raise
    uncancel()
    snap = outcome.result()
    say(translate("cli", _UNPUBLISHED_ANYWAY).format(id=artwork_id))
    return snap


def _ended_uncut(outcome: asyncio.Future[Snapshot]) -> bool:
    """Whether the unpublish told to stop (``outcome``) has ended other than cut: its
    record cleared, or R2's refusal said. One that ended just after its requests were cut
    (R2's answer on its way) is reported as it ended: before, the command said it may be
    gone while the library still said it was published, of a record cleared."""
    if not outcome.done() or outcome.cancelled():
        return False
    return not isinstance(outcome.exception(), PublishCancelledUncleanError)


async def _record_after(ledger: Ledger, artwork_id: int) -> Snapshot | None:
    """The record of ``artwork_id`` as an unpublish stopped by Ctrl+C left it, for its words
    (:func:`unpublish_interrupted`); None when it cannot be read, or is gone."""
    try:
        return await asyncio.to_thread(ledger.get, artwork_id)
    except KontextError:
        return None


# A command that starts no job: what its Ctrl+C leaves is said (see jobs_interrupted).
_INTERRUPTED_PUBLISH = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; artwork {id} was not published this time, and the library says of it what "
    "it said before. `kontext-studio publish {id}` publishes it.",
)
_INTERRUPTED_UNPUBLISH = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted while artwork {id} was being removed from R2: it may be gone from the bucket, "
    "and the library says it may be. `kontext-studio unpublish {id}` finishes it.",
)
_INTERRUPTED_UNPUBLISH_BEFORE = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted before artwork {id} was removed from R2: it is still published. "
    "`kontext-studio unpublish {id}` removes it.",
)
_INTERRUPTED_REMOVING_LEFT = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted while the image a stopped publish of artwork {id} left in R2 was being "
    "removed: it may still be in the bucket, and the library still says it may be. "
    "`kontext-studio unpublish {id}` removes it.",
)
_INTERRUPTED_UNPUBLISH_DONE = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; artwork {id} was removed from R2 all the same: it is no longer published.",
)
_INTERRUPTED_PUBLISH_LEFT = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; artwork {id} was not published. R2 did not answer, so what was sent could "
    "not be taken back: its image may be in the bucket '{bucket}' all the same ({key}). "
    "`kontext-studio unpublish {id}` removes it, `kontext-studio publish {id}` publishes it.",
)


def unpublish_interrupted(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The Ctrl+C words of ``unpublish``, as the record reads once it was stopped
    (``args.record_after``): removed from R2 and no longer published, noted as maybe gone
    (:attr:`Snapshot.may_be_gone`), still published, R2 not yet asked to remove it, or not
    published, the image a stopped publish left still noted: before, that one was said to
    be noted as "may be gone", as of a published one."""
    record: Snapshot | None = getattr(args, "record_after", None)
    words = _INTERRUPTED_UNPUBLISH
    if record is not None and not (record.published_key or record.retired_key):
        words = _INTERRUPTED_UNPUBLISH_DONE
    elif record is not None and not record.published_key:
        words = _INTERRUPTED_REMOVING_LEFT
    elif record is not None and not record.may_be_gone:
        words = _INTERRUPTED_UNPUBLISH_BEFORE
    return interrupted_as(words)(args)


def publish_interrupted(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The Ctrl+C words of ``publish``: that the artwork was not published, and, when the
    publish was cut off before it took back what it sent, where that may be and what
    removes it (``args.left_in_bucket``, as its record notes it). Before, it said the
    library said of the artwork what it said before, which then said a publish of it had
    stopped and may have left its image in the bucket."""
    left: tuple[str, str] | None = getattr(args, "left_in_bucket", None)
    if left is None:
        return interrupted_as(_INTERRUPTED_PUBLISH)(args)
    bucket, key = left
    return _INTERRUPTED_PUBLISH_LEFT, {"id": args.id, "bucket": bucket, "key": key}
