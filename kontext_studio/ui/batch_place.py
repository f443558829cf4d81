"""How the window names one of the images one generate made several of: by its place among
them ("a lighthouse at dusk · 2 of 4"), as its tile does. Their prompt is one: without the
place, the four of Images: 4 were named alike wherever they were named. In a status bar
notice, the name is also cut to fit (:func:`sentence_title`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication

from kontext_studio.batch_place import place_words
from kontext_studio.errors import some_names
from kontext_studio.store.ledger import Snapshot
from kontext_studio.text_direction import in_its_direction, isolated
from kontext_studio.ui.elided_label import Cut, cut_to_width
from kontext_studio.ui.plain_text import letters_wide

NOTICE_TITLE_CHARS = 40
"""A title in a status bar notice ("Published “…”.") is cut to about this many characters'
width: in an 800 px window the whole sentence then fits beside the bar's permanent words."""


def shown_title(title: str) -> str:
    """``title``, an artwork's, as the window names it: "Untitled" for none, everywhere (its
    tile, preview, questions and notices, the Upload tab's row, the file Save as suggests).
    An imported artwork whose title was emptied (the command line takes ``--title " "``)
    has no prompt to fall back on: the tile said "Untitled", its Upload tab row its file's
    name, and Save of several named its file "artwork-2.jpg"."""
    return title or QCoreApplication.translate("LibraryModel", "Untitled")


def with_place(title: str, snap: Snapshot, *, unbroken: bool = False) -> str:
    """``title``, a heading's name for ``snap`` (whole), ended by its place among the
    images of its generate as its tile's title line is ("a heron at dusk · 2 of 4"):
    the full view, stepping from one to the next, named them alike. ``unbroken``: the
    place's words joined by no-break spaces, for a label that wraps (a question): the
    Delete question broke its line between "2 of" and "4"."""
    if not (place := place_words(snap)):
        return title
    if unbroken:
        place = place.replace(" ", "\N{NO-BREAK SPACE}")
    return QCoreApplication.translate("LibraryModel", "{title} · {place}").format(
        title=title, place=place
    )


FEWEST_BESIDE_PLACE = 3
"""The fewest letters of a cut title shown beside its place, as the eye counts them
(:func:`~kontext_studio.ui.plain_text.letters_wide`: "夕阳", two Chinese characters, is
four), its spaces not counted (:func:`_seen`): "S… · 2 of 4", "a… · 2 of 4" and "a h… ·
2 of 4" said nothing of which artwork it was."""


def cut_with_place(metrics: QFontMetrics, title: str, place: str, width: int) -> str:
    """``title`` ended by its ``place`` among the images of its generate, as
    :func:`with_place` names it ("a lighthouse on a… · 2 of 4"), cut to ``width`` of
    ``metrics``: a tile's title line and a heading. The place is kept whole, the title cut
    after a word (:func:`~kontext_studio.ui.elided_label.cut_to_width`) where that keeps
    :data:`FEWEST_BESIDE_PLACE` letters of it; else the place is shown alone. One rule as
    the room narrows: a word or nothing beside the place, and never the title without it.
    Before, a tile read "Sup… · 2 of 4", then "2 of 4", then the title alone, its place gone
    while the title came back, and a heading kept a lone letter ("S… · 2 of 4"). The title
    is kept in its own direction, cut or not (:func:`in_its_direction`): a right-to-left
    override in it turned the place around ("4 fo 2 ·")."""
    if (named := _beside_place(metrics, title, place, width)) is not None:
        return named
    if metrics.horizontalAdvance(place) <= width:  # measured as the rest is, whole pixels
        return place
    return metrics.elidedText(place, Qt.TextElideMode.ElideRight, width)


def names_its_title(metrics: QFontMetrics, title: str, place: str, width: int) -> bool:
    """Whether a heading naming ``title``, and by its ``place`` among the images of its
    generate where it has one, shows :data:`FEWEST_BESIDE_PLACE` letters of the title at
    least (all of a shorter one), cut to ``width`` of ``metrics`` as the preview cuts it
    (:func:`cut_with_place`; a title with no place at its end, with "…"). The preview's
    Edit details goes under its heading where it does not beside it: at a large font in a
    narrow pane the heading beside it read "1 of 4" alone, or "…"."""
    if place:
        return _beside_place(metrics, title, place, width) is not None
    cut = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)
    return cut == title or letters_wide(_seen(cut.removesuffix("…"))) >= FEWEST_BESIDE_PLACE


def _beside_place(metrics: QFontMetrics, title: str, place: str, width: int) -> str | None:
    """``title`` ended by its ``place`` (:func:`cut_with_place`), cut to ``width``, where
    that keeps :data:`FEWEST_BESIDE_PLACE` letters of it; else None."""
    turns = in_its_direction(title) != title

    def shown(cut: str) -> str:  # isolated as the whole title is, cut or not
        return isolated(cut) if turns else cut

    words = QCoreApplication.translate("LibraryModel", "{title} · {place}")
    # Measured only where the title alone fits: a prompt of thousands as a title was laid
    # out whole at each paint of its tile (cut_to_width lays out a head of it).
    if cut_to_width(metrics, title, width) == title:
        whole = words.format(title=shown(title), place=place)
        if metrics.horizontalAdvance(whole) <= width:
            return whole
    room = width - metrics.horizontalAdvance(words.format(title="", place=place))
    cut = cut_to_width(metrics, title, max(room, 0))
    if letters_wide(_seen(cut.removesuffix("…"))) >= FEWEST_BESIDE_PLACE:
        return words.format(title=shown(cut), place=place)
    return None


_JOINERS = "\N{ZERO WIDTH JOINER}\N{ZERO WIDTH NON-JOINER}"


def _seen(text: str) -> str:
    """``text`` without its spaces and the direction controls, which take no room: "a h…"
    and a right-to-left override's "ev…" passed for three letters beside their place,
    naming no more than "a… · 2 of 4". The joiners are kept: part of a letter (an emoji
    family's, a cut Arabic word's)."""
    return "".join(
        char
        for char in text
        if not char.isspace() and (char in _JOINERS or unicodedata.category(char) != "Cf")
    )


def place_cut(title: str, snap: Snapshot) -> Cut | None:
    """How a heading that names ``snap`` by ``title`` (as typed) and its place is cut to a
    width (:func:`cut_with_place`): the preview's and the full view's read "S… · 2 of 4" as
    the tile no longer did. None for one with no place: cut as any text is."""
    if not (place := place_words(snap)):
        return None
    return lambda metrics, width: cut_with_place(metrics, title, place, width)


_BEFORE_ELLIPSIS = " \t\n,;:，、；："
"""What a cut title ends without before its "…": spaces, and the commas (Chinese ones too,
"，" and "、") and colons that end a phrase, not a title (they read "风景，…")."""


def cut_title(title: str, chars: int) -> str:
    """``title`` cut to at most ``chars`` characters before a "…", at a space where it has
    one: a prompt as a title may be 5,000 characters long."""
    if len(title) <= chars:
        return title
    cut = title[:chars]
    if not (cut[-1].isspace() or title[chars].isspace()):  # its last word cut through
        cut = cut.rsplit(maxsplit=1)[0]
    return cut.rstrip(_BEFORE_ELLIPSIS) + "…"


def sentence_title(
    snapshot: Snapshot, metrics: QFontMetrics | None = None, chars: int = NOTICE_TITLE_CHARS
) -> str:
    """``snapshot``'s title as a sentence names it (a status bar notice, a banner, a box's
    words): on one line, cut at its end with "…" to about ``chars`` characters' width of
    ``metrics`` (the application font's by default; a wide one, Chinese, takes about two),
    "Untitled" for none, as its tile says, and kept in its own direction
    (:func:`~kontext_studio.text_direction.in_its_direction`); of one of several images of
    one generate, its place among them after it, whole. The status bar clips a message too
    long for it, and a whole prompt as the title pushed the end of the sentence out of sight
    (a longer sentence leaves room for fewer ``chars``)."""
    title = " ".join(snapshot.display_title.split())
    if not title:
        return with_place(shown_title(title), snapshot)
    metrics = metrics or QFontMetrics(QGuiApplication.font())
    room = metrics.averageCharWidth() * chars
    cut = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
    return with_place(in_its_direction(cut), snapshot)


def some_titles(artworks: Sequence[Snapshot]) -> str:
    """The titles of ``artworks`` (:func:`sentence_title`), quoted, the first few of many,
    then how many more: the titles of hundreds filled the banner. For the banners that name
    the artworks a Save of several left out, those a publish found in another bucket, those
    an Undo of a Delete brought back without their images."""
    # Their own "and N more": Chinese counts artworks (作品) with 件, files with 个.
    more = QCoreApplication.translate("JobActions", "{names} and {count} more")
    return some_names([sentence_title(artwork) for artwork in artworks], more)
