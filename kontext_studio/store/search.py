"""What a library search matches, in one place for the ledger's SQL and the live library.

The query is cut into words at whitespace, and at the commas and semicolons tags are typed
with (:data:`kontext_studio.tags.SEPARATORS`: "风景，水墨" is two tags, and two words); an
artwork matches when every word is somewhere in its prompt, title, tags or description (each
word may be in a different one), so "fox dawn" finds "a red fox at dawn"; words in quotes are
found side by side ('"red fox"' does not find "a fox under a red sky"), whatever whitespace is
between them in the artwork's fields. Whitespace is what :meth:`str.split` takes for it, in
the query and the fields alike: line breaks, tabs, the non-breaking space of a text pasted
from a web page, and the ideographic space of Chinese and Japanese. Both sides are folded
first, so neither case nor accents matter, in any script: Unicode case folding ("ÜBER"
finds "über", "strasse" finds "Straße") and the marks of the Combining Diacritical Marks
block dropped ("cafe" finds "café", "σοφια" finds "ΣΟΦΊΑ"). Only that block: Indic vowel
signs and the Japanese voicing marks are combining marks too, but they make other letters,
not accented ones ("か" must not find "が").

The ledger keeps each row's :func:`search_text` in a column, written with the row, so a search
is a plain ``instr`` per word inside SQLite. Folding in a Python function called for each row
instead was 4 to 16 times slower on 10 000 artworks (most with accents or non-Latin prompts).
"""

from __future__ import annotations

import re
import unicodedata

from kontext_studio.tags import SEPARATORS
from kontext_studio.text_direction import without_controls

_ACCENTS = re.compile("[\u0300-\u036f]+")
"""The Combining Diacritical Marks block, dropped by :func:`fold`: a pattern, 4 times
faster than ``str.translate`` with a table of them, which looks up each character of a
text that is not ASCII in Python (most of the time a schema 18 upgrade of a library of
Chinese prompts took, 10 s for 100 000)."""
_TAG_SEPARATORS = str.maketrans(dict.fromkeys(SEPARATORS, " "))


def fold(text: str) -> str:
    """``text`` with case folded and accents dropped (see the module docstring)."""
    if text.isascii():
        return text.lower()  # what the rest does to ASCII, and most prompts are ASCII
    bare = _ACCENTS.sub("", unicodedata.normalize("NFD", text).casefold())
    return unicodedata.normalize("NFC", bare)


def search_text(prompt: str, title: str, tags: str, description: str) -> str:
    """What a search looks in: the folded fields, one per line, each run of whitespace in
    them one space, as in the words in quotes of a query (:func:`search_words`); the fields
    themselves are kept, and shown, as typed. Before, '"red fox"' did not find a prompt
    written "red" at the end of a line and "fox" at the start of the next, nor one with two
    spaces, a tab, a non-breaking space or an ideographic space (a Chinese input method's)
    between them. A word never holds a line break, so it cannot match across two fields.
    The description comes last, as :func:`description_line`."""
    lines = "\n".join(_spaced(field) for field in (prompt, title, tags))
    return lines + description_line(description)


def sort_name(prompt: str, title: str) -> str:
    """What Name A→Z sorts an artwork by: its folded title, else its folded prompt (as
    :func:`search_text` holds them, its first two lines), so that neither case nor accents
    move it ("éclair" by "Eclair"). The store reads it from the search text
    (:func:`sort_name_sql`); the window, for one artwork, here.
    """
    return _spaced(title) or _spaced(prompt)


def sort_name_sql(text: str) -> str:
    """:func:`sort_name` in SQL, of ``text`` (the SQL of a :func:`search_text`): its second
    line, the folded title, when not empty, else its first, the folded prompt (neither
    holds a line break). Written out whole, without a bound value: SQLite reads a query by
    the index of Name A→Z (:data:`SORT_NAME_INDEXED`) only where it has the very same
    expression, and a bound ``'\\n'`` is not the same as the index's ``char(10)``."""
    rest = f"substr({text}, instr({text}, char(10)) + 1)"
    title = f"substr({rest}, 1, instr({rest}, char(10)) - 1)"
    prompt = f"substr({text}, 1, instr({text}, char(10)) - 1)"
    return f"CASE WHEN {title} != '' THEN {title} ELSE {prompt} END"


SORT_NAME_INDEXED = sort_name_sql("search_text")
"""The name Name A→Z sorts a row with a search text by, as its index holds it: only SQLite's
own functions, so that another program writing the library (which has not the app's
``search_text_of``) can keep the index up to date."""


def description_line(description: str) -> str:
    """The description's line of a :func:`search_text`: a line break and the folded words,
    nothing when it has none. It was left out, though the Upload tab and Edit details ask
    for one, and a word only in it ("sunset") found nothing; an artwork without one keeps
    the search text it had, so an upgrade rewrites only the rows of those with one."""
    folded = _spaced(description)
    return f"\n{folded}" if folded else ""


def _spaced(field: str) -> str:
    """``field`` folded, without its direction controls, as the query's words are
    (:func:`search_words`): a title holding one ("a red \u202efox") was not found by
    '"red fox"' once the query's own were left out. A NUL is a space: SQLite's text
    functions stop at it, and Name A→Z's index named a title holding one by its prompt
    (:data:`SORT_NAME_INDEXED`), a search saw nothing after it."""
    return " ".join(fold(without_controls(field)).replace("\0", " ").split())


IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".gif"})
"""A word of a query ending in one of these is looked for without it. An imported artwork
is titled by its file's name without the extension ("art_001" for art_001.png), and the
library keeps the name no other way: "art_001.png", typed or pasted from a file browser,
found nothing."""


QUOTES = re.compile('["“”＂「」『』]')
"""What encloses words looked for side by side: straight quotes, the curly ones a Chinese
input method (or a pasted text) gives, its full-width ones, and the corner brackets Chinese
is quoted with in Taiwan and Hong Kong, and Japanese."""


def search_words(query: str) -> list[str]:
    """The folded words of ``query``, each once (none for a blank query); the words between
    two quotes are one, spaced by one space ('"red fox"' finds "a red fox", not "a red sky,
    a fox"), and a quote left open takes the rest, as it is being typed. A file name's image
    extension is left out (:data:`IMAGE_SUFFIXES`), and so are its direction controls
    (:func:`~kontext_studio.text_direction.without_controls`): a Hebrew title copied from
    the preview's heading, isolated there, found nothing. Before, the quotes were part of
    the words ('"red'), and a search typed as on the web found nothing."""
    words: list[str] = []
    for place, part in enumerate(QUOTES.split(without_controls(query))):
        if place % 2:  # between quotes; the commas in it are the prompt's or a tag's own
            words.append(" ".join(fold(part).split()))
        else:
            words.extend(fold(part.translate(_TAG_SEPARATORS)).split())
    return list(dict.fromkeys(_without_image_suffix(word) for word in words if word))


def _without_image_suffix(word: str) -> str:
    stem, dot, suffix = word.rpartition(".")
    return stem if dot and stem and f".{suffix}" in IMAGE_SUFFIXES else word


def matches(words: list[str], text: str) -> bool:
    """Whether every one of ``words`` is in ``text`` (a :func:`search_text`)."""
    return all(word in text for word in words)
