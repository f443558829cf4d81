"""An artwork's title, description and tags, changed after it is in the library.

The window's Edit details… (one artwork) and Add tags… (several at once) write through here.
Tags are kept as an import keeps them: split and trimmed by
:func:`~kontext_studio.tags.split_tags`, repeats dropped, joined with ", "; the ledger folds
the new title, description and tags into the row's search text in the same write, so a search
finds them at once.

The library itself takes text of any length. What is typed here is held to lengths an artist
never reaches by typing, so that a novel pasted by mistake (100 000 characters) is refused in
words instead of becoming a tile's title, a description nobody can scroll through, or a
manifest of megabytes in the bucket: a title is one line on a tile (and at most 400 bytes of
the published image's metadata), a description a few paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kontext_studio.errors import JobGoneError, Refusal
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.store.ledger import Ledger, Snapshot
from kontext_studio.tags import split_tags, tag_key

MAX_TITLE_CHARS = 300
MAX_DESCRIPTION_CHARS = 5_000
MAX_TAGS_CHARS = 2_000
"""Of the tags once joined (:func:`joined_tags`)."""

TITLE_TOO_LONG = QT_TRANSLATE_NOOP(
    "Errors", "Shorten the title to {limit} characters (it has {count})."
)
DESCRIPTION_TOO_LONG = QT_TRANSLATE_NOOP(
    "Errors", "Shorten the description to {limit} characters (it has {count})."
)
TAGS_TOO_LONG = QT_TRANSLATE_NOOP(
    "Errors", "Shorten the tags to {limit} characters in all (they have {count})."
)
DELETED_MEANWHILE = QT_TRANSLATE_NOOP(
    "Errors",
    "Artwork {id} was deleted meanwhile (in another window or by a command), so its details "
    "were not saved.",
)


def joined_tags(text: str) -> str:
    """The tags in ``text`` as the library keeps them: "风景，水墨、 ink" -> "风景, 水墨, ink"."""
    return ", ".join(split_tags(text))


def with_tags_added(current: str, added: str) -> str:
    """``current``'s tags, then those of ``added`` it does not have yet, in the order typed."""
    return joined_tags(f"{current},{added}")


def with_tags_changed(current: str, shown: str, typed: str) -> str:
    """The artist's change to the tags, from ``shown`` (those the dialog opened with) to
    ``typed``, made to ``current`` (those the artwork has now): what they added and removed,
    in the order typed, while a tag another window or a command added meanwhile is kept, and
    one removed meanwhile that they left alone stays removed."""
    now, before, wanted = (
        {tag_key(tag): tag for tag in split_tags(text)} for text in (current, shown, typed)
    )
    kept = [tag for key, tag in wanted.items() if key in now or key not in before]
    added_meanwhile = [tag for key, tag in now.items() if key not in before and key not in wanted]
    return ", ".join(kept + added_meanwhile)


@dataclass(frozen=True)
class DetailsEdit:
    """What the artist changed; ``None`` leaves a field as it is (so a title renamed in another
    window meanwhile is not put back by a Save that changed only the tags)."""

    title: str | None = None
    description: str | None = None
    tags: str | None = None
    """As typed: commas (any of :data:`~kontext_studio.tags.SEPARATORS`) between tags."""
    tags_shown: str | None = None
    """The tags ``tags`` was typed over (the dialog's, as it opened): given, only the change
    from them to ``tags`` is made to the artwork's tags (:func:`with_tags_changed`), so a tag
    added meanwhile in another window is not lost to a Save; ``None``: ``tags`` replace
    them (the command's ``details --tags``)."""

    def values(self, held: Snapshot | None = None) -> dict[str, str]:
        """The columns to write, trimmed and tags joined; raises :class:`InputError` for a
        field over its limit (:func:`check_lengths`, ``held`` the artwork as the library
        holds it)."""
        values: dict[str, str] = {}
        if self.title is not None:
            values["title"] = self.title.strip()
        if self.description is not None:
            values["description"] = self.description.strip()
        if self.tags is not None and self.tags_shown is not None and held is not None:
            values["tags"] = with_tags_changed(held.tags, self.tags_shown, self.tags)
        elif self.tags is not None:
            values["tags"] = joined_tags(self.tags)
        check_lengths(**values, held=held)
        return values


def check_lengths(
    title: str = "", description: str = "", tags: str = "", *, held: Snapshot | None = None
) -> None:
    """Refuse the first field over its limit, in words that say what to shorten: a
    :class:`Refusal` (an :class:`InputError`, exit code 2), said alone, not as a request
    that is not valid (no request was made).

    ``held``: the artwork as the library holds it. What an import brought in longer than a
    limit (which imports do not have) is not the paste the limits are for: its title or
    description may be edited while it grows no longer, and of the tags only those it does
    not hold yet count, as for :func:`add_tags`. Before, an artwork imported with 2 100
    characters of tags could not get one more in Edit details, nor a typo fixed in a
    6 000-character description."""
    if held is not None:
        held_keys = {tag_key(tag) for tag in split_tags(held.tags)}
        tags = ", ".join(tag for tag in split_tags(tags) if tag_key(tag) not in held_keys)
    for text, limit, template in (
        (title, max(MAX_TITLE_CHARS, len(held.title) if held else 0), TITLE_TOO_LONG),
        (
            description,
            max(MAX_DESCRIPTION_CHARS, len(held.description) if held else 0),
            DESCRIPTION_TOO_LONG,
        ),
        (tags, MAX_TAGS_CHARS, TAGS_TOO_LONG),
    ):
        if len(text) > limit:
            raise Refusal.worded(template, limit=f"{limit:,}", count=f"{len(text):,}")


def save_details(ledger: Ledger, job_id: int, edit: DetailsEdit) -> Snapshot:
    """Blocking: write ``edit`` to the artwork; the row as changed. One write, under the
    library's write lock from the first read, so the tags the change is made to are those
    written: none another window adds meanwhile is lost. One deleted meanwhile (another
    window, a command) is refused in words that say so."""
    with ledger.batch():
        held = ledger.get(job_id)
        if held is None:
            raise JobGoneError.worded(DELETED_MEANWHILE, id=job_id)
        values: dict[str, Any] = edit.values(held)
        return ledger.update(job_id, **values)


@dataclass(frozen=True)
class TagsAdded:
    """What :func:`add_tags` did: the rows it changed, and the ids of those it found deleted
    (by another program) and passed over, for the window to drop at once."""

    changed: list[Snapshot]
    gone: list[int]


def add_tags(ledger: Ledger, ids: Sequence[int], tags: str) -> TagsAdded:
    """Blocking: give each artwork of ``ids`` the tags typed in ``tags`` it does not have
    yet. One write, under the library's write lock from the first read, so a tag another
    window adds meanwhile is kept; those deleted meanwhile, and those that had every tag
    already, are passed over. Raises :class:`InputError` for typed tags over the limit (an
    artwork whose tags would then be over it gets them all the same: nothing typed here is
    lost to a limit meant for a paste)."""
    added = joined_tags(tags)
    check_lengths(tags=added)
    changed: list[Snapshot] = []
    gone: list[int] = []
    if not added:
        return TagsAdded(changed, gone)
    with ledger.batch():
        for job_id in ids:
            current = ledger.get(job_id)
            if current is None:
                gone.append(job_id)
                continue
            merged = with_tags_added(current.tags, added)
            if merged != joined_tags(current.tags):
                changed.append(ledger.update(job_id, tags=merged))
    return TagsAdded(changed, gone)
