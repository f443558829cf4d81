"""How one of the images one generate made several of is named by its place among them
("2 of 4"): their prompt, and so the title they are shown by, is one. The window's tiles and
headings (``kontext_studio.ui.batch_place``) and the command line's ``jobs`` list say it in
the same words, one entry of the catalogue (the tiles' context, ``LibraryModel``)."""

from __future__ import annotations

from kontext_studio.i18n import grouped, translate
from kontext_studio.store.ledger import Snapshot


def place_words(snap: Snapshot) -> str:
    """Of the images one generate made several of, this one's place ("2 of 4"): their
    tiles all read the same prompt. None for one the artist titled: the title tells it
    apart, and is its name alone. An artwork kept for a late task of an earlier send of one
    of them (:attr:`Snapshot.made_for_job`) is an extra image of that place ("2 of 4, an
    extra image"): it is not one of the four, and without its place it read as one made
    alone."""
    if snap.batch_size < 2 or snap.title:
        return ""
    if snap.made_for_job is not None:
        words = translate("LibraryModel", "{place} of {count}, an extra image")
    else:
        words = translate("LibraryModel", "{place} of {count}")
    return words.format(place=grouped(snap.batch_place), count=grouped(snap.batch_size))
