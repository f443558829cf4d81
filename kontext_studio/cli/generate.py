"""``generate``: one image, made and waited for; with ``--out``, copied into a folder too."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from dataclasses import replace
from pathlib import Path

from kontext_studio import i18n
from kontext_studio.cli.job_output import (
    Progress,
    job_json,
    print_result,
    report_waited,
    results_of,
    tell_kept_apart,
    wait_for_kept_apart,
)
from kontext_studio.cli.library import (
    close_session,
    open_command_session,
    tell_other_mode,
    tell_recovered,
)
from kontext_studio.cli.output import EXIT_NOT_COPIED, emit, say
from kontext_studio.errors import InputError, KontextError, StorageError
from kontext_studio.explain import explain_error_detail, folder_refused, write_refusal
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.images.export import export_copy
from kontext_studio.images.outgoing import planned_size
from kontext_studio.images.validate import REFERENCE_FILE_LIMITS, ImageInfo, inspect_image
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import Snapshot


def check_out_folder(folder: Path) -> Path:
    """The ``--out`` folder, created if missing, or :class:`InputError` (before anything is
    sent, so nothing is paid for an image that could not be saved) when it is a file, cannot
    be made, or cannot be written to."""
    folder = folder.absolute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A real write: rights, a read-only disk, and root's bypass of them all show.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kontext-studio-"):
            pass
    except OSError as error:
        raise _unusable_out_folder(folder, error) from error
    return folder


def _unusable_out_folder(folder: Path, error: OSError) -> InputError:
    """Why ``folder`` cannot take the copy, in the words the app uses for any folder; the
    system's only for a rare reason with none of our own."""
    return folder_refused(
        InputError,
        error,
        str(folder),
        QT_TRANSLATE_NOOP("Errors", "cannot save into {folder}: {reason}"),
        folder=str(folder),
    )


_NOT_COPIED = QT_TRANSLATE_NOOP(
    "Errors",
    "The image was generated and is safe in the library; copying it into {folder} failed: "
    "{reason}.",
)
_NOT_READ = QT_TRANSLATE_NOOP(
    "Errors", "The image was generated, but it could not be copied into {folder}: {reason}."
)


class NotCopiedError(StorageError):
    """The finished image is in the library, and its copy into ``--out`` failed."""


def _not_copied(args: argparse.Namespace, snap: Snapshot, error: NotCopiedError) -> int:
    """Say the result of ``snap``, generated and kept in the library, whose copy into
    ``--out`` failed (``error``, in its line's note); its exit code."""
    with i18n.english():
        english = explain_error_detail(error)
    value, words = {**job_json(snap), "message": english}, explain_error_detail(error)
    with results_of([snap], as_json=args.json, notes=lambda _: explain_error_detail(error)):
        emit(value, args.json, lambda: print_result(snap, words))
    return EXIT_NOT_COPIED


def _copy_out(snap: Snapshot, folder: Path) -> Snapshot:
    """The finished image copied into ``folder`` as Save as copies (through a temp file and a
    rename, readable by others as a new file is), as ``snap`` with the copy's path; the
    library keeps its own copy. Raises :class:`NotCopiedError` when the copy cannot be
    made: the target refused it (the library's file is untouched), or, rarely, the
    library's file could not be read (gone since it was saved)."""
    source = Path(snap.file_path)
    target = folder / source.name
    try:
        export_copy(source, target)
    except StorageError as error:
        raise NotCopiedError.worded(
            _NOT_COPIED, folder=str(folder), reason=_copy_refusal(error)
        ) from error
    except KontextError as error:
        raise NotCopiedError.worded(_NOT_READ, folder=str(folder), reason=error.message) from error
    return replace(snap, file_path=str(target))


def _copy_refusal(error: StorageError) -> str:
    """Why ``error`` (from :func:`export_copy`) kept the copy from being written, in words."""
    cause = error.__cause__
    return write_refusal(cause) if isinstance(cause, OSError) else error.message


def _readable_name(path: Path) -> str:
    """``path``'s file name as text the job can keep (and KIE be sent): bytes that are not
    UTF-8 (a Latin-1 name from an old archive) become U+FFFD, as ``import`` titles such a
    file. The path itself stays as it is, to read the file by."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


async def generate(args: argparse.Namespace) -> int:
    request = GenerateRequest(
        prompt=args.prompt,
        model=args.model,
        aspect_ratio=None if args.ratio == "match" else args.ratio,
        output_format=args.format,
        image_path=str(args.image) if args.image else None,
        image_name=_readable_name(args.image) if args.image else None,
        safety_tolerance=args.safety,
    ).validated()
    info: ImageInfo | None = None
    if args.image:  # before the library is opened and its unfinished jobs are carried on
        # The whole check, as the window's reference slot makes it: a header's look let a
        # truncated file through, refused only once the library was opened, after the demo
        # notice and with the other unfinished jobs carried on. The job's copy takes it,
        # instead of decoding every pixel again.
        info = await asyncio.to_thread(inspect_image, args.image, REFERENCE_FILE_LIMITS)
        _tell_scaled(args.image, info, await asyncio.to_thread(_planned, args.image, info))
        if info.animated:
            say(translate("cli", _FIRST_FRAME).format(name=_readable_name(args.image)))
    out = await asyncio.to_thread(check_out_folder, args.out) if args.out else None
    session = open_command_session(args.demo, args.command)
    tell_recovered(session.ledger)
    try:
        if session.demo:
            say(translate("cli", "Demo mode: results come from the bundled simulator, not KIE."))
        progress = Progress()
        session.engine.subscribe(progress)
        await session.engine.resume(tries_links=False)
        tell_other_mode(session.engine, args.demo)
        snap = await session.engine.submit(request, checked=info)
        args.id = snap.id  # for the JSON line if Ctrl+C comes while it runs
        progress.awaits(snap.id)
        snap = await session.engine.wait_for(snap.id)
        # Still running: the window took it over (it cancelled the job and followed the
        # task KIE made for it), or its run here crashed.
        elsewhere = snap.state.is_active and await session.engine.runs_elsewhere()
        kept = await wait_for_kept_apart(session.engine, snap.id)
    finally:
        await close_session(session, args)
    tell_kept_apart(snap, kept)
    if out is not None and snap.state is JobState.COMPLETED:
        try:
            snap = await asyncio.to_thread(_copy_out, snap, out)
        except NotCopiedError as error:
            return _not_copied(args, snap, error)
    return report_waited(snap, args.json, elsewhere=elsewhere)


_SENT_SCALED = QT_TRANSLATE_NOOP(
    "cli",
    "{name} is sent scaled down to at most {width}×{height}, from {from_width}×{from_height}, "
    "to fit KIE's limits; the file itself is not changed.",
)


_FIRST_FRAME = QT_TRANSLATE_NOOP("cli", "{name} is animated: only its first frame is used.")
"""Said on stderr, as the window's reference caption says it."""


def _planned(image: Path, info: ImageInfo) -> tuple[int, int] | None:
    """The size the copy of ``image`` is scaled down to, or None
    (:func:`~kontext_studio.images.outgoing.planned_size`)."""
    return planned_size(image, info.format, info.width, info.height, info.file_size)


def _tell_scaled(image: Path, info: ImageInfo, sent: tuple[int, int] | None) -> None:
    """Say on stderr when the reference ``image`` is over KIE's limits, so the copy sent is
    scaled down to ``sent`` (:func:`_planned`)."""
    width, height = info.width, info.height
    if sent is not None:
        words = translate("cli", _SENT_SCALED)
        say(
            words.format(
                name=_readable_name(image),
                width=sent[0],
                height=sent[1],
                from_width=width,
                from_height=height,
            )
        )
