"""Text an artist typed (a title, a file's name) set in a sentence without turning the
sentence's own words around: isolated (U+2068 … U+2069, invisible), so its direction stays
in it. The window's banners, headings and questions and the command line's lines alike."""

from __future__ import annotations

import re
import unicodedata

OPEN_ISOLATE = "\u2068"  # FIRST STRONG ISOLATE: the text's own first letter sets its direction
CLOSE_ISOLATE = "\u2069"  # POP DIRECTIONAL ISOLATE
CLOSE_EMBEDDING = "\u202c"  # POP DIRECTIONAL FORMATTING

_EMBEDDINGS = frozenset({"LRE", "RLE", "LRO", "RLO"})
"""The direction classes of the controls U+202A, U+202B, U+202D and U+202E, each closed by
:data:`CLOSE_EMBEDDING` (PDF)."""
_ISOLATES = frozenset({"LRI", "RLI", "FSI"})
"""The direction classes of the controls U+2066-U+2068, each closed by
:data:`CLOSE_ISOLATE` (PDI)."""
_PARAGRAPH_END = re.compile("[\n\r\x1c-\x1e\x85\u2029]")
"""The characters of direction class B, which end a paragraph and all it left open."""
_TURNING = _EMBEDDINGS | _ISOLATES | {"R", "AL", "PDF", "PDI"}
"""The direction classes of the characters that may turn a sentence's words around: the
right-to-left letters (Hebrew, Arabic) and the direction controls (U+202A-U+202E,
U+2066-U+2069)."""
_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's Bidi_Control characters: the direction marks (ALM, LRM, RLM), embeddings,
overrides and isolates, all invisible."""


_ISOLATE_CONTROLS = re.compile("[\u2066-\u2069]")
"""The isolates (LRI, RLI, FSI) and their closer (PDI): what the window adds round a title
it names (:func:`isolated`) and round its figures."""


_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The explicit direction controls (embeddings, overrides, isolates and their closers): those
that turn the text after them, unlike a mark."""


def strays_shown(line: str) -> str:
    """``line``, said on a terminal, with each explicit direction control (:data:`_EXPLICIT`)
    that no isolation in it holds written as its escape ("\\u202e"), seen and turning
    nothing. Held inside an isolation (an isolate and the closer that pairs with it, as
    :func:`in_its_direction` sets a name), a control is kept: it ends there, and turns its
    name alone, as the window shows it. Out of one, a right-to-left override (U+202E) in a
    file name a line named bare turned the rest of the line around, in a terminal that sets
    right-to-left text right to left."""
    if line.isascii() or not _EXPLICIT.search(line):
        return line
    held = _held(line)
    return "".join(
        escaped(char) if not held[at] and _EXPLICIT.match(char) else char
        for at, char in enumerate(line)
    )


def has_explicit_control(text: str) -> bool:
    """Whether ``text`` holds an explicit direction control (:data:`_EXPLICIT`)."""
    return _EXPLICIT.search(text) is not None


def controls_escaped(text: str) -> str:
    """``text`` with every explicit direction control (:data:`_EXPLICIT`) written as its
    escape ("\\u202e"), as JSON and Python write one."""
    return _EXPLICIT.sub(lambda control: escaped(control.group()), text)


def escaped(char: str) -> str:
    """``char`` as its escape ("\\u202e"), as JSON and Python write one."""
    return f"\\u{ord(char):04x}"


def _held(line: str) -> list[bool]:
    """For each character of ``line``, whether it is an isolate that a closer of the same
    paragraph pairs with, that closer, or a character between the two."""
    pairs: list[tuple[int, int]] = []
    open_at: list[int] = []
    for at, char in enumerate(line):
        kind = unicodedata.bidirectional(char)
        if kind in _ISOLATES:
            open_at.append(at)
        elif kind == "PDI" and open_at:
            pairs.append((open_at.pop(), at))
        elif kind == "B":
            open_at.clear()
    held = [False] * len(line)
    for start, end in pairs:
        held[start : end + 1] = [True] * (end + 1 - start)
    return held


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a direction control (:data:`_CONTROLS`)."""
    return _CONTROLS.search(text) is not None


def without_isolates(text: str) -> str:
    """``text`` without its isolates (:data:`_ISOLATE_CONTROLS`): words pasted from the
    window's own (a heading, a banner's sentence) carried those it had added round a
    title, invisible, into the title or the prompt they were pasted in."""
    return _ISOLATE_CONTROLS.sub("", text)


def added_controls(shown: str, typed: str) -> list[bool]:
    """For each character of ``shown``, a text that sets ``typed`` (a title) in its own
    direction (:func:`in_its_direction`, maybe cut with "…" and followed by other words),
    whether it is a direction control the window added, not one of ``typed``'s own: the
    two are walked side by side, a character of ``shown`` that is the next of ``typed``
    being ``typed``'s (after the lone closers :func:`balanced` left out)."""
    added: list[bool] = []
    at = 0
    for char in shown:
        ahead = at
        while ahead < len(typed) and typed[ahead] != char and _CONTROLS.match(typed[ahead]):
            ahead += 1  # a closer with nothing to close, left out of ``shown``
        if ahead < len(typed) and typed[ahead] == char:
            at = ahead + 1
            added.append(False)
        else:
            added.append(_CONTROLS.match(char) is not None)
    return added


def without_controls(text: str) -> str:
    """``text`` without its direction controls (:data:`_CONTROLS`), for a file's name made
    from a title: a right-to-left override (U+202E) kept in it showed "invoice", U+202E,
    "fdp.exe.png" as "invoicegnp.exe.pdf" in a file manager, the classic way to pass one
    type of file off as another."""
    return _CONTROLS.sub("", text)


_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
"""The zero-width characters a web page may hold: the space (U+200B), the non-joiner and
joiner (U+200C, U+200D), the word joiner (U+2060) and the byte order mark (U+FEFF), all
invisible."""


def without_invisibles(text: str) -> str:
    """``text`` without its direction controls (:func:`without_controls`) and zero-width
    characters (:data:`_ZERO_WIDTH`), for a key or a task id, none of which can hold one: a
    zero-width space copied from a web page with a key was kept in it, unseen, and the key
    was refused (the R2 secret's signature did not match, with no word of why)."""
    return _ZERO_WIDTH.sub("", without_controls(text))


def balanced(text: str) -> str:
    """``text`` with its direction controls paired as Unicode's bidirectional algorithm
    pairs them: a closer with nothing open to close dropped, what is left open closed at
    its end (and before each paragraph's end, where the algorithm ends them all). A lone
    U+2069 in a title closed the isolation round it early, and a U+202E after it turned the
    rest of the sentence around again."""
    kept: list[str] = []
    open_ones: list[str] = []  # the direction classes of the controls still open, in order
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _EMBEDDINGS or kind in _ISOLATES:
            open_ones.append(kind)
        elif kind == "PDF":
            # Closes the last embedding only: never one outside an isolate still open.
            if not open_ones or open_ones[-1] not in _EMBEDDINGS:
                continue
            open_ones.pop()
        elif kind == "PDI":
            # Closes the last isolate and every embedding opened inside it.
            if not any(one in _ISOLATES for one in open_ones):
                continue
            while open_ones.pop() not in _ISOLATES:
                pass
        elif kind == "B":  # a line break: a paragraph of its own
            kept.append(_closers(open_ones))
            open_ones.clear()
        kept.append(char)
    kept.append(_closers(open_ones))
    return "".join(kept)


def _closers(open_ones: list[str]) -> str:
    """What closes ``open_ones``, the last opened first."""
    return "".join(
        CLOSE_ISOLATE if kind in _ISOLATES else CLOSE_EMBEDDING for kind in reversed(open_ones)
    )


def isolated(text: str) -> str:
    """``text`` isolated, whatever it holds: its direction controls :func:`balanced`, and
    each of its paragraphs isolated apart (a line break ends every isolation)."""
    inside = _PARAGRAPH_END.sub(
        lambda end: CLOSE_ISOLATE + end.group() + OPEN_ISOLATE, balanced(text)
    )
    return OPEN_ISOLATE + inside + CLOSE_ISOLATE


def in_its_direction(text: str) -> str:
    """``text``, a title a sentence names, :func:`isolated` when it holds a character that
    could turn the sentence's words around (:data:`_TURNING`): a title with a
    right-to-left override (U+202E) turned the rest of the banner's sentence around. Any
    other is left as it is: it turns nothing. ASCII holds none of them: a tile's caption
    asks at each paint, and a prompt thousands of characters long was walked a character
    at a time."""
    if text.isascii():
        return text
    if any(unicodedata.bidirectional(char) in _TURNING for char in text):
        return isolated(text)
    return text
