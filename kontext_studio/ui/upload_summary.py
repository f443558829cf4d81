"""What the Upload tab's summary line says once a batch has ended.

:func:`batch_summary` counts artworks, not files: a file whose bytes the library holds
already comes back as the artwork that was there, and adds nothing; two copies of one image
publish one artwork. A publish imports first, so the artworks it added and did not publish
are named too. The words keep the tab's translation context ("UploadTab"): they are the
tab's, as they were when its methods made them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from kontext_studio.errors import Every, KontextError, Term, fill_values
from kontext_studio.explain import detail_sentence, explain_apart, join_sentences, sentence_gap
from kontext_studio.ui.translations import grouped
from kontext_studio.ui.upload_batch import UploadBatch
from kontext_studio.ui.upload_items import UploadItem


def batch_summary(
    batch: UploadBatch, left: int, problems: int, refused: Sequence[Term], *, gone: int = 0
) -> str:
    """What ``batch`` did, with its ``problems`` (the files still listed with a reason), the
    ``gone`` of its files that were no longer on the disk when it came to them, the
    ``left`` files it did not get to and the files listed as refused, by their causes
    (``refused``); "" where there is nothing to say, as after a publish that offered the R2
    settings before its first file."""
    text = _batch_words(batch, left, problems, gone)
    return text + _refused_words(refused, batch.publish) if text else ""


def _refused_words(causes: Sequence[Term], publish: bool) -> str:
    """The files listed as refused, which no batch takes, and why, in one sentence: before,
    a green "Added 1 artwork" read as if all went in, beside them in red. Each cause once."""
    if not causes:
        return ""
    if publish and len(causes) == 1:
        words = QCoreApplication.translate("UploadTab", "1 file was not published ({causes}).")
    elif publish:
        words = QCoreApplication.translate(
            "UploadTab", "{count} files were not published ({causes})."
        )
    elif len(causes) == 1:
        words = QCoreApplication.translate("UploadTab", "1 file was not added ({causes}).")
    else:
        words = QCoreApplication.translate("UploadTab", "{count} files were not added ({causes}).")
    said = Every(dict.fromkeys(causes))
    return sentence_gap() + fill_values(words, {"count": grouped(len(causes)), "causes": said}, str)


def _batch_words(batch: UploadBatch, left: int, problems: int, gone: int) -> str:
    publish, newest = batch.publish, batch.newest
    trouble = _attention_words(problems) + _gone_words(gone, publish)
    if batch.done:
        # A file the library held already, or another copy of one added in this batch,
        # comes back as the artwork that was there: it added nothing.
        ids = [item.snapshot.id for item in batch.done if item.snapshot is not None]
        new = {i for i in ids if i > newest}
        text = _done_words(ids, new, publish, batch) + _too_late_words(batch)
        text += _put_back_words(len(batch.put_back))
        if publish:
            text += _unpublished_words(batch.items, set(ids), newest)
        text += _unlocated_words(len(batch.unlocated)) + trouble
        return text + _end_words(batch, left)
    if batch.stopping:
        text = _stopped_words(publish) + trouble
        text += _added_words(batch.items, newest) if publish else ""
        return text + _unlocated_words(len(batch.unlocated)) + _left_words(left, publish)
    if problems or gone or left:
        text = _nothing_done_words(batch.items, publish, newest, reasons=bool(problems))
        text += _gone_words(gone, publish) + _unlocated_words(len(batch.unlocated))
        return text + _end_words(batch, left)
    return ""


def _end_words(batch: UploadBatch, left: int) -> str:
    """The ``left`` files a batch did not get to: those a failure not a file's stopped it
    before (:attr:`UploadBatch.stopped_by`), with that failure (:func:`_not_started_words`),
    or those it left otherwise (R2 settings that became unusable, a cancel)."""
    if batch.stopped_by is not None and left:
        return _not_started_words(batch.stopped_by, left)
    return _left_words(left, batch.publish)


def _not_started_words(error: KontextError, left: int) -> str:
    """What stopped a publish before its ``left`` files (no network, R2's own trouble, R2
    refusing the keys or the bucket), its cause, what to do, and that they were not started,
    as their rows say ("Not started"; "not tried" here read as another state): said once
    here, in plain sentences. Before, only the row of the file that met it said what it was,
    and the summary that "2 files were left", as after a Stop; then the cause came in
    brackets after the first sentence, its own brackets inside ("(cannot reach 127.0.0.1:9
    (nothing answered at that address))"), and the files not started stood between it and
    what to do about it."""
    words, detail = explain_apart(error)
    cause = detail_sentence(detail) if detail else ""
    if left == 1:
        untried = QCoreApplication.translate(
            "UploadTab", "1 file was not started: it is still listed, ready to publish again."
        )
    else:
        untried = QCoreApplication.translate(
            "UploadTab",
            "{count} files were not started: they are still listed, ready to publish again.",
        ).format(count=grouped(left))
    return sentence_gap() + join_sentences(words.message, cause, words.hint, untried)


def _unpublished_words(items: list[UploadItem], published: set[int], newest: int) -> str:
    """For a publish that published some files: the artworks it added to the library
    and did not publish (a failure, a cancel, R2 settings that became unusable)."""
    ids = {item.snapshot.id for item in items if item.snapshot is not None}
    added = len({i for i in ids - published if i > newest})
    if added == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "1 more artwork was added to your library, not published."
        )
    if added:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "{count} more artworks were added to your library, not published."
        ).format(count=grouped(added))
    return ""


def _too_late_words(batch: UploadBatch) -> str:
    """Stop was pressed as the file being published was being recorded: it is published.
    Its row goes with the others published, and the status bar's words with the next
    outcome: before, "Published 1 artwork" alone, as if Stop had never been pressed."""
    if not any(item.too_late for item in batch.done):
        return ""
    return sentence_gap() + QCoreApplication.translate(
        "UploadTab", "Stop came too late to cancel the file being published."
    )


def _put_back_words(count: int) -> str:
    """The artworks the library held whose image file was gone from the disk: a file of
    the batch, the same bytes, is their file now (``import_artworks``)."""
    if count == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "1 artwork in your library had lost its image file: it has it back."
        )
    if count:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab",
            "{count} artworks in your library had lost their image files: they have them back.",
        ).format(count=grouped(count))
    return ""


def _unlocated_words(count: int) -> str:
    """The photos whose copy in the library has no GPS position (``import_artworks``): it
    would have been published for anyone to read. The artist's own files keep theirs."""
    if count == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab",
            "Left out the GPS location of 1 photo (where it was taken); your file keeps it.",
        )
    if count:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab",
            "Left out the GPS locations of {count} photos (where they were taken); your files "
            "keep them.",
        ).format(count=grouped(count))
    return ""


def _attention_words(problems: int) -> str:
    if problems == 1:
        return sentence_gap() + QCoreApplication.translate("UploadTab", "1 file needs attention.")
    if problems:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "{count} files need attention."
        ).format(count=grouped(problems))
    return ""


def _gone_words(gone: int, publish: bool) -> str:
    """The files moved or deleted after they were listed, before the batch came to them:
    said as such, where "1 file needs attention" left the artist to find which, and why."""
    if not gone:
        return ""
    if publish and gone == 1:
        words = QCoreApplication.translate(
            "UploadTab",
            "1 file was not published: it is no longer where it was listed from (moved or "
            "deleted).",
        )
    elif publish:
        words = QCoreApplication.translate(
            "UploadTab",
            "{count} files were not published: they are no longer where they were listed "
            "from (moved or deleted).",
        )
    elif gone == 1:
        words = QCoreApplication.translate(
            "UploadTab",
            "1 file was not added: it is no longer where it was listed from (moved or deleted).",
        )
    else:
        words = QCoreApplication.translate(
            "UploadTab",
            "{count} files were not added: they are no longer where they were listed from "
            "(moved or deleted).",
        )
    return sentence_gap() + words.format(count=grouped(gone))


def _stopped_words(publish: bool) -> str:
    """A batch the artist stopped before it finished any file."""
    if publish:
        return QCoreApplication.translate("UploadTab", "Stopped: nothing was published.")
    return QCoreApplication.translate("UploadTab", "Stopped: nothing was added.")


def _left_words(left: int, publish: bool) -> str:
    """The files a batch stopped early did not get to: still listed, sent by the next
    Publish (or Add to library)."""
    if not left:
        return ""
    if publish and left == 1:
        words = QCoreApplication.translate(
            "UploadTab", "1 file was left: it is still listed, ready to publish again."
        )
    elif publish:
        words = QCoreApplication.translate(
            "UploadTab", "{count} files were left: they are still listed, ready to publish again."
        )
    elif left == 1:
        words = QCoreApplication.translate(
            "UploadTab", "1 file was left: it is still listed, ready to add again."
        )
    else:
        words = QCoreApplication.translate(
            "UploadTab", "{count} files were left: they are still listed, ready to add again."
        )
    return sentence_gap() + words.format(count=grouped(left))


def _nothing_done_words(
    items: list[UploadItem], publish: bool, newest: int, *, reasons: bool
) -> str:
    """A batch that finished no file (``reasons``: some files have a problem shown in
    the list). Publishing imports first, so files whose publish failed are in the
    library now: the artist is told so, not that nothing was added. Artworks are
    counted, not files: two copies of one image add one artwork, and the other copy
    (as a file imported before) came back as an artwork the library had."""
    if not publish:
        if reasons:
            return QCoreApplication.translate(
                "UploadTab", "Nothing was added: see the reasons in the list."
            )
        return QCoreApplication.translate("UploadTab", "Nothing was added.")
    if reasons:
        text = QCoreApplication.translate(
            "UploadTab", "Nothing was published: see the reasons in the list."
        )
    else:
        text = QCoreApplication.translate("UploadTab", "Nothing was published.")
    return text + _added_words(items, newest)


def _added_words(items: list[UploadItem], newest: int) -> str:
    """For a publish that published nothing: the artworks its files are in the library
    as, added by it or there before."""
    text = ""
    ids = [item.snapshot.id for item in items if item.snapshot is not None]
    added = len({i for i in ids if i > newest})
    already = len(ids) - added
    if added == 1:
        text += sentence_gap() + QCoreApplication.translate(
            "UploadTab", "1 artwork was added to your library."
        )
    elif added:
        text += sentence_gap() + QCoreApplication.translate(
            "UploadTab", "{count} artworks were added to your library."
        ).format(count=grouped(added))
    if already == 1:
        text += sentence_gap() + QCoreApplication.translate(
            "UploadTab", "1 image was in your library already."
        )
    elif already:
        text += sentence_gap() + QCoreApplication.translate(
            "UploadTab", "{count} images were in your library already."
        ).format(count=grouped(already))
    return text


def _done_words(ids: list[int], new: set[int], publish: bool, batch: UploadBatch) -> str:
    """What ``batch`` did, from the artworks its files came back as (``new``: those it
    added; its ``published_before``: those published already, in the bucket the R2
    settings name, and not sent again; its ``added_earlier``: those an earlier batch of the
    list added, with what was typed for them). A file whose bytes the library holds
    already adds nothing (its typed title and tags are not applied), and another copy of
    one publishes nothing more: the artist is told, not told "added" or "published"."""
    if publish:
        before = batch.published_before
        sent = [i for i in ids if i not in before]
        published = len(set(sent))
        if not published:
            return _published_before_words(len(before), alone=True)
        if published == 1:
            text = QCoreApplication.translate(
                "UploadTab", "Published 1 artwork; it is in your library too."
            )
        else:
            text = QCoreApplication.translate(
                "UploadTab", "Published {count} artworks; they are in your library too."
            ).format(count=grouped(published))
        text += _copies_words(len(sent) - published)
        held = set(sent) - new - batch.added_earlier
        text += _kept_words(published, len(held), len(held & batch.typed_over))
        return text + _published_before_words(len(before), alone=False)
    count, already = len(ids), len(ids) - len(new)
    if already == count:
        if count == 1:
            return QCoreApplication.translate(
                "UploadTab", "Nothing added: this image is in your library already."
            )
        return QCoreApplication.translate(
            "UploadTab", "Nothing added: these {count} images are in your library already."
        ).format(count=grouped(count))
    added = count - already
    if added == 1:
        text = QCoreApplication.translate(
            "UploadTab", "Added 1 artwork to your library. Publish it from there any time."
        )
    else:
        text = QCoreApplication.translate(
            "UploadTab", "Added {count} artworks to your library. Publish them from there any time."
        ).format(count=grouped(added))
    return text + _copies_words(already)


def _published_before_words(count: int, *, alone: bool) -> str:
    """The artworks a publish found published already in the bucket the R2 settings name,
    and did not send again; ``alone`` when it published nothing else."""
    if alone and count == 1:
        return QCoreApplication.translate(
            "UploadTab", "Nothing was published: this artwork was published already."
        )
    if alone:
        return QCoreApplication.translate(
            "UploadTab", "Nothing was published: these {count} artworks were published already."
        ).format(count=grouped(count))
    if count == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "1 artwork was published already: it was not sent again."
        )
    if count:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "{count} artworks were published already: they were not sent again."
        ).format(count=grouped(count))
    return ""


def _kept_words(published: int, already: int, typed: int) -> str:
    """For a publish: the ``already`` artworks the library held before, published with
    their title, description and tags there; said not to be the ones typed here only for
    the ``typed`` of them whose details were typed (``UploadItem.set_aside``). Before, it
    was said of every one, where nothing could be typed for most: their fields were grey."""
    if not already:
        return ""
    if typed == already:
        return sentence_gap() + _typed_over_words(published, already)
    if published == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab",
            "It was in your library already, and was published with its title, description "
            "and tags there.",
        )
    if already == 1:
        text = QCoreApplication.translate(
            "UploadTab",
            "1 was in your library already: it was published with its title, description "
            "and tags there.",
        )
    else:
        text = QCoreApplication.translate(
            "UploadTab",
            "{count} were in your library already: they were published with their titles, "
            "descriptions and tags there.",
        ).format(count=grouped(already))
    return sentence_gap() + text + _some_typed_over_words(typed)


def _typed_over_words(published: int, already: int) -> str:
    """The ``already`` artworks the library held, every one with details typed here that
    were not used."""
    if published == 1:
        return QCoreApplication.translate(
            "UploadTab",
            "It was in your library already: its title, description and tags there were "
            "kept, not the ones typed here.",
        )
    if already == 1:
        return QCoreApplication.translate(
            "UploadTab",
            "1 was in your library already: its title, description and tags there were "
            "kept, not the ones typed here.",
        )
    return QCoreApplication.translate(
        "UploadTab",
        "{count} were in your library already: their titles, descriptions and tags there "
        "were kept, not the ones typed here.",
    ).format(count=grouped(already))


def _some_typed_over_words(typed: int) -> str:
    """Of the artworks the library held, the ``typed`` ones (not all) whose details typed
    here were not used."""
    if typed == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "What was typed here for 1 of them was not used."
        )
    if typed:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "What was typed here for {count} of them was not used."
        ).format(count=grouped(typed))
    return ""


def _copies_words(copies: int) -> str:
    if copies == 1:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "1 image was a copy of an artwork in your library."
        )
    if copies:
        return sentence_gap() + QCoreApplication.translate(
            "UploadTab", "{count} images were copies of artworks in your library."
        ).format(count=grouped(copies))
    return ""
