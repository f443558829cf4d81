"""``jobs`` (the library, or one job in full) and ``cancel``: commands on the library's
rows that send nothing to KIE."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

from kontext_studio.cli.job_output import (
    SettingsBucket,
    job_json,
    left_step,
    next_step,
    print_job,
    print_waited,
    reference_job,
    reference_name,
    results_of,
)
from kontext_studio.cli.library import library_folder, open_ledger
from kontext_studio.cli.output import EXIT_OK, emit, lines_questioned, out, printable, say
from kontext_studio.cli.run import interrupted_as
from kontext_studio.cli.settings import R2, command_settings
from kontext_studio.config import Paths
from kontext_studio.errors import InternalError, Refusal, join_names
from kontext_studio.i18n import QT_TRANSLATE_NOOP, grouped, translate
from kontext_studio.jobs.claim import Holder, claim_path, who_runs
from kontext_studio.jobs.states import SHOWN_AS
from kontext_studio.kie.models import GenerateRequest, TaskRecord, UploadedFile
from kontext_studio.store.ledger import GENERATED, UPLOADED, Snapshot


async def jobs(args: argparse.Namespace) -> int:
    if args.id is not None:
        return _job_detail(args)
    text = args.search or ""
    states = [state for name in args.state or () for state in SHOWN_AS[name]] or None
    starred = True if args.starred else None
    ledger = open_ledger()
    try:
        with ledger.one_view():  # the count is of the library the list was read from
            rows = ledger.search(text, states=states, starred=starred, limit=args.limit)
            kept_ids = ledger.kept_ids()
            # the listed jobs' kept artworks, whose states their next step tells of
            kept_rows = ledger.get_many([i for s in rows for i in kept_ids.get(s.id, ())])
            cut = len(rows) == args.limit
            more = (
                ledger.count_matching(text, states=states, starred=starred) - len(rows)
                if cut
                else 0
            )
    finally:
        ledger.close()
    left = _left_unrun(rows)

    def human() -> None:
        for snap in rows:
            step = left_step(snap, left[snap.id]) if snap.id in left else ""
            print_job(snap, step, titled=True)
        if not rows:
            # A notice, not a row: on stderr, so that stdout holds one line per job.
            say(_nothing_listed(args))
        say_questioned()

    settings = SettingsBucket(command_settings((R2,)).r2)
    kept = {
        job_id: [kept_rows[i] for i in ids if i in kept_rows] for job_id, ids in kept_ids.items()
    }
    listed = [
        job_json(
            s,
            full=True,
            settings=settings,
            kept=kept.get(s.id, ()),
            left=s.id in left,
            beside=left.get(s.id),
        )
        for s in rows
    ]
    emit(listed, args.json, human)
    if more > 0:
        # After the list, on stderr: a --json line on stdout stays the list alone.
        say(_more_words(more).format(count=grouped(more), limit=args.limit))
    return EXIT_OK


def _left_unrun(rows: list[Snapshot]) -> dict[int, Holder | None]:
    """The running jobs in ``rows`` that no process carries on (their ids), each with the
    process that holds the library's claim while leaving it alone, by its record: nothing
    holds the claim, nor runs its own beside it (:func:`who_runs`); or the holder runs the
    other mode (a window in demo mode leaves live jobs alone) while nothing runs its own
    beside it. Asked after the rows were read, as the engine does: a process that ran one
    still holds its lock."""
    active = [s for s in rows if s.state.is_active]
    if not active:
        return {}
    seen = who_runs(claim_path(Paths.from_env().database))
    if not seen.anywhere:
        return {s.id: None for s in active}
    holder = seen.holder
    if holder is None or seen.guests:
        return {}
    return {s.id: holder for s in active if s.simulated is not holder.demo}


def _nothing_listed(args: argparse.Namespace) -> str:
    """Why ``jobs`` lists nothing, naming what narrowed the list as it was typed (as the
    window's empty library does): a search alone is not said for a --state that left
    nothing, nor a --state for a --starred alone."""
    text = args.search.strip()
    given = [f"--state {name}" for name in args.state or ()]
    options = " ".join(given + (["--starred"] if args.starred else []))
    if text and options:
        words = translate("cli", 'Nothing in the library matches "{text}" with {options}.')
    elif text:
        words = translate("cli", 'Nothing in the library matches "{text}".')
    elif options:
        words = translate("cli", "No job in the library matches {options}.")
    else:
        words = translate("cli", "The library is empty.")
    return words.format(text=text, options=options)


def say_questioned(job_id: int | None = None) -> None:
    """Say on stderr how many lines of the list (of job ``job_id``'s details: ``jobs ID``,
    ``details ID``) show "?" for characters stdout's encoding lacks (:func:`lines_questioned`),
    if any. Before, ``jobs ID`` showed "?? at dawn" for a Chinese prompt and said nothing,
    where the list said it; then ``details ID`` still did."""
    if not (count := lines_questioned()):
        return
    words = _questioned_words(count) if job_id is None else _questioned_detail_words(count)
    say(words.format(count=grouped(count), encoding=stdout_encoding(), id=job_id))


def _questioned_detail_words(count: int) -> str:
    """As :func:`_questioned_words`, of the lines ``jobs ID`` prints of one job."""
    if count == 1:
        return translate(
            "cli",
            '1 line of job {id} shows "?" for characters that stdout\'s encoding ({encoding}) '
            "cannot write: `kontext-studio jobs {id} --json` gives them whole.",
        )
    return translate(
        "cli",
        '{count} lines of job {id} show "?" for characters that stdout\'s encoding '
        "({encoding}) cannot write: `kontext-studio jobs {id} --json` gives them whole.",
    )


def _questioned_words(count: int) -> str:
    """Of a list some of whose lines show "?" for characters stdout's encoding lacks; in
    ASCII, as that encoding may be: its own curly quotes came out as "\\u201c"."""
    if count == 1:
        return translate(
            "cli",
            '1 line of the list shows "?" for characters that stdout\'s encoding ({encoding}) '
            "cannot write: `kontext-studio jobs --json` gives them whole.",
        )
    return translate(
        "cli",
        '{count} lines of the list show "?" for characters that stdout\'s encoding '
        "({encoding}) cannot write: `kontext-studio jobs --json` gives them whole.",
    )


def stdout_encoding() -> str:
    """The name of stdout's encoding, as a person may know it (``ascii``, ``cp1252``)."""
    return getattr(sys.stdout, "encoding", None) or "?"


def _more_words(more: int) -> str:
    if more == 1:
        return translate("cli", "1 more job is not listed (--limit {limit}).")
    return translate("cli", "{count} more jobs are not listed (--limit {limit}).")


def _job_detail(args: argparse.Namespace) -> int:
    """``jobs ID``: one job in full; its --json object is the one ``jobs --json`` lists."""
    ledger = open_ledger()
    try:
        snap = ledger.get(args.id)
        kept = ledger.kept_for(args.id) if snap is not None else []
        made_for = snap.made_for_job if snap is not None else None
        made_for_gone = made_for is not None and ledger.get(made_for) is None
    finally:
        ledger.close()
    if snap is None:
        raise no_such_job(args.id)
    unrun = _left_unrun([snap])
    left, beside = snap.id in unrun, unrun.get(snap.id)
    settings = SettingsBucket(command_settings((R2,)).r2)
    value = job_json(snap, full=True, settings=settings, kept=kept, left=left, beside=beside)
    emit(
        value,
        args.json,
        lambda: _print_detail(snap, settings, kept, made_for_gone, left, beside),
    )
    return EXIT_OK


_NO_SUCH_JOB = QT_TRANSLATE_NOOP(
    "Errors", "There is no job {job_id}. `kontext-studio jobs` lists the library."
)


def no_such_job(job_id: int) -> Refusal:
    """A job number that is not in the library, refused with where to find the right one."""
    return Refusal.worded(_NO_SUCH_JOB, job_id=job_id)


def _print_detail(
    snap: Snapshot,
    settings: SettingsBucket,
    kept: list[Snapshot],
    made_for_gone: bool,
    left: bool,
    beside: Holder | None,
) -> None:
    """The job's line as ``jobs`` prints it, then one line for each thing known of it;
    ``kept``: the artworks kept for tasks of its earlier sends (:meth:`Ledger.kept_for`);
    ``made_for_gone``: the job it was kept for (:attr:`Snapshot.made_for_job`) is deleted;
    ``left``: it is running and no process carries it on (:func:`_left_unrun`), ``beside``
    the one holding the library's jobs in the other mode."""
    print_job(snap, titled=True)
    lines = _detail_lines(
        snap, settings, kept, made_for_gone=made_for_gone, left=left, beside=beside
    )
    for line in lines:
        out(printable(line))
    say_questioned(snap.id)


def _kept_words(snap: Snapshot, count: int) -> str:
    """The line of a job an earlier send of which, cancelled while it was out, was answered
    with a task it could not keep (it was sent again meanwhile): the ``count`` artworks
    those tasks made (:meth:`Ledger.kept_for`), one per send."""
    if snap.simulated and count > 1:
        return translate(
            "cli",
            "  also made: the demo server's late answers to {count} earlier sends of this job, "
            "each cancelled while it was out, are kept as artworks {ids} (no real credits)",
        )
    if snap.simulated:
        return translate(
            "cli",
            "  also made: the demo server's late answer to an earlier send of this job, "
            "cancelled while it was out, is kept as artwork {ids} (no real credits)",
        )
    if count > 1:
        return translate(
            "cli",
            "  also made: KIE's late answers to {count} earlier sends of this job, each "
            "cancelled while it was out and charged too, are kept as artworks {ids}",
        )
    return translate(
        "cli",
        "  also made: KIE's late answer to an earlier send of this job, cancelled while it "
        "was out and charged too, is kept as artwork {ids}",
    )


def _made_by_words(snap: Snapshot) -> str:
    """The line of an artwork made for a task another job could not keep: the demo
    server's charges no real credits, as the preview says of it too."""
    if snap.simulated:
        return translate(
            "cli",
            "  made by: an earlier send of job {job} to the demo server, cancelled while it "
            "was out, which lowered the demo balance too (no real credits); that job was sent "
            "again meanwhile",
        )
    return translate(
        "cli",
        "  made by: an earlier send of job {job}, cancelled while it was out and charged "
        "too; that job was sent again meanwhile",
    )


def _detail_lines(
    snap: Snapshot,
    settings: SettingsBucket,
    kept: list[Snapshot],
    *,
    made_for_gone: bool,
    left: bool = False,
    beside: Holder | None = None,
) -> list[str]:
    source = translate("cli", _SOURCE_WORDS.get(snap.source, snap.source))
    if not snap.prompt and not snap.model:
        # An artwork made elsewhere (imported) has neither: before, it read "  prompt: " and
        # "  model: , ratio: , source: imported", as if something were missing.
        lines = [translate("cli", "  source: {source}").format(source=source)]
    else:
        lines = [
            translate("cli", "  prompt: {prompt}").format(prompt=" ".join(snap.prompt.split())),
            translate("cli", "  model: {model}, ratio: {ratio}, source: {source}").format(
                model=snap.model, ratio=snap.ratio, source=source
            ),
        ]
    lines += _organised_lines(snap)
    if name := reference_name(snap):
        if (edited := reference_job(snap)) is not None:
            # Of a batch's results, which share one title, the one edited.
            words = translate("cli", "  reference image: {name} (the image of job {job})")
        else:
            words = translate("cli", "  reference image: {name}")
        lines.append(words.format(name=name, job=edited))
    if snap.made_for_job is not None:
        # Its own artwork, made for a task its job could not keep (jobs.engine): which job.
        lines.append(_made_by_words(snap).format(job=snap.made_for_job))
        if made_for_gone:  # `jobs N` of it would say there is no such job
            words = translate("cli", "  (job {job} has been deleted since)")
            lines.append(words.format(job=snap.made_for_job))
    if kept:
        # The other way: an unknown job's Resubmit pays again for an image already kept.
        ids = join_names([str(k.id) for k in kept])
        lines.append(_kept_words(snap, len(kept)).format(ids=ids, count=len(kept)))
    if snap.simulated:
        lines.append(translate("cli", "  made in demo mode: a demo job uses no real credits"))
    lines.append(translate("cli", "  created: {time}").format(time=_local_time(snap.created_at)))
    if snap.submitted_at:
        when = _local_time(snap.submitted_at)
        lines.append(translate("cli", "  sent: {time}").format(time=when))
    if snap.task_given_at:  # its send was never answered: "sent" is when KIE made the task
        when = _local_time(snap.task_given_at)
        lines.append(translate("cli", "  task ID given: {time}").format(time=when))
    if snap.completed_at:
        when = _local_time(snap.completed_at)
        lines.append(translate("cli", "  completed: {time}").format(time=when))
    if snap.task_id:
        lines.append(translate("cli", "  task: {task_id}").format(task_id=snap.task_id))
    if line := _published_line(snap, settings):
        lines.append(line)
    if step := next_step(snap, kept, left=left, beside=beside):
        lines.append(translate("cli", "  next: {step}").format(step=step))
    return lines


def _organised_lines(snap: Snapshot) -> list[str]:
    """What the artist gave the artwork in the window (Edit details, Star) or with
    `details`, as its preview shows it: its description on one line, its tags, its star."""
    lines = []
    if description := " ".join(snap.description.split()):
        words = translate("cli", "  description: {description}")
        lines.append(words.format(description=description))
    if tags := snap.tag_list:
        lines.append(translate("cli", "  tags: {tags}").format(tags=", ".join(tags)))
    if snap.starred:
        lines.append(translate("cli", "  starred: yes"))
    return lines


def _published_line(snap: Snapshot, settings: SettingsBucket) -> str:
    """Where the artwork is published: its public link, or, published without a public base
    URL (its link is a presigned one, made when asked for), its key and bucket. Before, such
    an artwork read as never published."""
    if (here := settings.elsewhere(snap)) is not None:
        return _elsewhere_line(snap, *here)
    if snap.may_be_gone:
        words = translate(
            "cli",
            "  published, but an unpublish of it did not finish: {key} may be gone from the "
            "bucket, its link leading to nothing (`kontext-studio unpublish {id}` finishes it)",
        )
        return words.format(key=snap.published_key, id=snap.id)
    if snap.retired_key and not snap.published_key:
        words = translate(
            "cli",
            "  not published, but a publish of it stopped before its end and may have left "
            "{key} in the bucket (`kontext-studio unpublish {id}` removes it)",
        )
        return words.format(key=snap.retired_key, id=snap.id)
    if snap.published_url:
        return translate("cli", "  published: {url}").format(url=snap.published_url)
    if not snap.published_key:
        return ""
    if snap.published_bucket:
        words = translate(
            "cli",
            "  published: {key} in the bucket '{bucket}' (`kontext-studio publish {id}` "
            "prints its link)",
        )
    else:
        words = translate(
            "cli", "  published: {key} (`kontext-studio publish {id}` prints its link)"
        )
    return words.format(key=snap.published_key, bucket=snap.published_bucket, id=snap.id)


def _elsewhere_line(snap: Snapshot, current: str, current_host: str) -> str:
    """``snap`` published in another bucket than the one the R2 settings name: its link is
    that bucket's, and `publish ID`, which the line for one in theirs points to for its
    link, is refused (as `unpublish ID` is) until they name it again."""
    if snap.published_url:
        words = translate(
            "cli",
            "  published: {url} (in the bucket '{bucket}' at {host}, not in '{current}' at "
            "{current_host}, the bucket the R2 settings name)",
        )
    else:
        words = translate(
            "cli",
            "  published: {key} in the bucket '{bucket}' at {host}, not in '{current}' at "
            "{current_host}, the bucket the R2 settings name (`kontext-studio publish {id}` "
            "prints its link once they name it again)",
        )
    return words.format(
        url=snap.published_url,
        key=snap.published_key,
        bucket=snap.published_bucket,
        host=snap.published_host,
        current=current,
        current_host=current_host,
        id=snap.id,
    )


_SOURCE_WORDS = {
    GENERATED: QT_TRANSLATE_NOOP("cli", "generated"),
    UPLOADED: QT_TRANSLATE_NOOP("cli", "imported"),
}


def _local_time(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp))


_NOT_RUNNING_TO_CANCEL = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id} is not running, so there is nothing to cancel. `kontext-studio jobs {job_id}` "
    "shows how it ended.",
)


class _SendsNothing:
    """The KIE client of the engine a ``cancel`` uses: a cancel only writes the job's row
    (KIE has no cancel call), so a call here is a bug, and said as one."""

    async def generate(
        self,
        request: GenerateRequest,
        input_image_url: str | None = None,
        *,
        on_wire: Callable[[], None] | None = None,
        still_wanted: Callable[[], Awaitable[None]] | None = None,
    ) -> str:
        raise InternalError()

    async def record_info(self, task_id: str) -> TaskRecord:
        raise InternalError()

    async def download_url(self, url: str) -> str:
        raise InternalError()

    async def upload_file(
        self, path: Path, *, upload_path: str, file_name: str | None = None
    ) -> UploadedFile:
        raise InternalError()

    async def fetch(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        raise InternalError()


async def cancel(args: argparse.Namespace) -> int:
    """``cancel ID``: what the window's Cancel does, on the job's row. The process that runs
    the job (this library's window, another command, or none since one was killed) finds
    its row cancelled at its run's next step and leaves the job; a generate request it has
    out is answered onto the cancelled row (the engine's ``_keep_late_answer``).

    The engine is loaded here, not with this module: ``jobs`` starts without it."""
    from kontext_studio.jobs.engine import EngineConfig, JobEngine

    ledger = open_ledger()
    folder = library_folder(used=False)
    engine = JobEngine(ledger, _SendsNothing(), folder, config=EngineConfig())
    try:
        snap = ledger.get(args.id)
        if snap is None:
            raise no_such_job(args.id)
        if snap.state.is_terminal:
            raise Refusal.worded(_NOT_RUNNING_TO_CANCEL, job_id=args.id)
        snap = await engine.cancel(args.id)
        kept = ledger.kept_for(args.id)  # its next step names those with its image
    finally:
        await engine.aclose()
        ledger.close()
    with results_of([snap], as_json=args.json, steps=partial(next_step, kept=kept)):
        emit(job_json(snap, kept=kept), args.json, lambda: print_waited(snap, kept=kept))
    return EXIT_OK


# The commands that start no job (entry.STARTS_NO_JOB): what their Ctrl+C leaves is said,
# not where unfinished jobs go on. entry.INTERRUPTED_NOTHING (the --json line's words), marked
# for translation: lupdate reads literals.
_INTERRUPTED_NOTHING = QT_TRANSLATE_NOOP("cli", "Interrupted; nothing was changed.")
_INTERRUPTED_CANCEL = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; `kontext-studio jobs {id}` says whether job {id} was cancelled."
)
jobs_interrupted = interrupted_as(_INTERRUPTED_NOTHING)
cancel_interrupted = interrupted_as(_INTERRUPTED_CANCEL)
