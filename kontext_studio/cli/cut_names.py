"""File names cut to a terminal's width by columns, as the Upload tab cuts them by pixels
(:func:`~kontext_studio.ui.elided_label.cut_file_name`, which needs Qt): in the middle,
the extension whole, a wide (CJK) character counted two columns."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from functools import partial

from kontext_studio.cli.output import EMOJI_STYLE, terminal_columns, widened
from kontext_studio.file_names import split_extension
from kontext_studio.text_direction import controls_escaped, has_explicit_control, in_its_direction

ELLIPSIS = "…"

NAME_COLUMNS = 40
"""The fewest columns a file's name is cut to, however long its folder: the Upload tab's
summary gives a name about 40 characters (``NAME_CHARS``)."""

AROUND_A_NAME = "“”, "
"""What a named file takes round its name on a line: its quotes, a comma after."""


def cut_in_middle(text: str, columns: int, encoding: str = "") -> str:
    """``text`` within ``columns`` terminal columns, cut in its middle with "…": its start
    and its end kept, the start getting the odd column, as Qt's middle cut does. Cut between
    characters as a person reads them (:func:`_characters`), never inside one. Measured as
    written in ``encoding`` (:func:`name_columns`)."""
    if name_columns(text, encoding) <= columns:
        return text
    characters = _characters(text)
    room = max(columns - name_columns(ELLIPSIS, encoding), 0)
    measure = partial(name_columns, encoding=encoding)
    head = _start_within(characters, (room + 1) // 2, measure)
    rest = characters[len(head) :][::-1]
    tail = _start_within(rest, room - measure("".join(head)), measure)[::-1]
    return "".join(head) + ELLIPSIS + "".join(tail)


def cut_at_end(text: str, columns: int) -> str:
    """``text`` within ``columns`` terminal columns, cut at its end with "…" (the spaces
    before it left out), between characters as a person reads them (:func:`_characters`):
    a red heart (U+2764 U+FE0F) was cut from its style, and drawn black. Measured as it is
    written (:func:`terminal_columns`), a title: its direction controls are kept, held in its
    isolation, and take no column; counted as a file name's escapes (:func:`name_columns`),
    six columns each, a title with a right-to-left override was cut six short for each."""
    if terminal_columns(text) <= columns:
        return text
    room = max(columns - terminal_columns(ELLIPSIS), 0)
    head = _start_within(_characters(text), room, terminal_columns)
    return "".join(head).rstrip() + ELLIPSIS


def _start_within(characters: list[str], columns: int, measure: Callable[[str], int]) -> list[str]:
    """The longest start of ``characters`` that takes at most ``columns`` columns, each
    character's as ``measure`` counts them."""
    used = 0
    for index, character in enumerate(characters):
        used += measure(character)
        if used > columns:
            return characters[:index]
    return characters


ZERO_WIDTH_JOINER = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_FLAG_LETTERS = range(0x1F1E6, 0x1F200)
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
"""The lone surrogates that stand for a byte the locale could not decode (Python's
``surrogateescape``)."""
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_ESCAPED_BYTE_COLUMNS = len("\\udce9")


def _characters(text: str) -> list[str]:
    """``text`` as the characters a person sees, each cut whole: a letter with the accents
    that follow it (a name from a Mac spells "é" as "e" and a combining accent), an emoji
    with its skin tone, variation selector or the emoji a zero-width joiner adds (a family),
    a flag's two letters, and the bytes of one UTF-8 character the locale could not decode
    (``LC_ALL=C``: "山" as three lone surrogates, which stderr writes as its bytes). Before,
    a cut between them put the accent on the "…", split a family, or wrote a character's
    broken bytes as "\\udce6"."""
    if text.isascii():  # most names: nothing joins
        return list(text)
    characters: list[str] = []
    previous = ""
    for unit in _decodable_units(text):
        seen = _as_seen(unit)
        if characters and _joins(previous, seen, characters[-1]):
            characters[-1] += unit
        else:
            characters.append(unit)
        previous = seen
    return characters


def _joins(previous: str, seen: str, last: str) -> bool:
    """Whether the character ``seen`` belongs to the one before (``previous``, the last of
    the character ``last`` so far)."""
    point = ord(seen)
    return (
        unicodedata.category(seen) in ("Mn", "Me", "Mc")
        or seen == ZERO_WIDTH_JOINER
        or previous == ZERO_WIDTH_JOINER
        or point in _SKIN_TONES
        or (point in _FLAG_LETTERS and len(last) == 1 and ord(last) in _FLAG_LETTERS)
    )


def _decodable_units(text: str) -> list[str]:
    """``text`` one character at a time, but the lone surrogates that spell one UTF-8
    character together (:data:`_ESCAPED_BYTES`) kept as one."""
    if not _ESCAPED_BYTE.search(text):
        return list(text)
    units: list[str] = []
    index = 0
    while index < len(text):
        length = _escaped_character_length(text, index)
        units.append(text[index : index + length])
        index += length
    return units


def _escaped_character_length(text: str, index: int) -> int:
    """How many of the lone surrogates from ``index`` spell one UTF-8 character; 1 for any
    other character, or a byte that starts none."""
    for length in (2, 3, 4):
        run = text[index : index + length]
        if len(run) < length or not all(ord(char) in _ESCAPED_BYTES for char in run):
            return 1
        with contextlib.suppress(UnicodeDecodeError):
            bytes(ord(char) - 0xDC00 for char in run).decode("utf-8")
            return length
    return 1


def _as_seen(unit: str) -> str:
    """The character a unit of :func:`_decodable_units` shows: a UTF-8 character's bytes
    decoded; a lone byte as itself."""
    if len(unit) == 1:
        return unit
    return bytes(ord(char) - 0xDC00 for char in unit).decode("utf-8")


def name_columns(text: str, encoding: str = "") -> int:
    """The terminal columns a name's ``text`` takes, at most (:func:`terminal_columns`): an
    accent or a joiner none (drawn on the character before; an emoji a joiner adds counted
    apart, as a terminal that draws no family draws it), a byte that is no UTF-8 character
    the columns of the ``\\udce9`` stderr writes for it, and an explicit direction control
    those of the escape :func:`spelled_out` writes for it; an emoji's style (U+FE0F) the
    column it widens its emoji by (:func:`~kontext_studio.cli.output.widened`). Written in
    an ``encoding`` that lacks a character (ASCII, stderr's under ``LC_ALL=C
    PYTHONUTF8=0``), the character takes the columns of its escape, "\\u2026" for "…", as
    stderr writes it (:func:`~kontext_studio.cli.output.prepare_stdout`): counted one, the
    quotes and "…" round a name cut to the terminal's width ran it five columns past, each."""
    if text.isascii():
        return len(text)
    used = 0
    previous = ""
    for unit in _decodable_units(text):
        seen = _as_seen(unit)
        if ord(seen) in _ESCAPED_BYTES or has_explicit_control(seen):
            used += _ESCAPED_BYTE_COLUMNS
        elif unit == seen and (escape := _escape_columns(seen, encoding)):
            used += escape
        elif seen == EMOJI_STYLE:
            used += widened(previous)
        elif unicodedata.category(seen) not in ("Mn", "Me") and seen != ZERO_WIDTH_JOINER:
            used += terminal_columns(seen)
        previous = seen
    return used


def _escape_columns(char: str, encoding: str) -> int:
    """The columns of the escape ``char`` is written as in ``encoding`` ("\\xe9", "\\u2026"),
    0 when ``encoding`` writes it as it is ("" writes every character)."""
    if not encoding:
        return 0
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return len(char.encode("ascii", "backslashreplace"))
    except LookupError:  # an encoding Python does not know: nothing to measure by
        return 0
    return 0


def spelled_out(path: str) -> str:
    """A file's ``path`` as a terminal line names it: its explicit direction controls as
    their escapes, the name as it is spelled ("invoice\\u202efdp.exe.png", not
    "invoicegnp.exe.pdf" as a right-to-left override turns it in a terminal that sets
    right-to-left text, the classic way to pass one type of file off as another), and in
    its own direction (:func:`~kontext_studio.text_direction.in_its_direction`) when it
    holds right-to-left letters, as the Upload tab names it: the line's own words stay
    where they are."""
    return in_its_direction(controls_escaped(path))


def cut_file_name(name: str, columns: int, encoding: str = "") -> str:
    """A file's ``name`` within ``columns`` columns, cut in its middle, its extension
    whole: "harbour_series_c…ssion_042.png". Cut as any text is where there is no room
    for a character of the name beside its extension. Measured as written in ``encoding``
    (:func:`name_columns`)."""
    stem, kept = split_extension(name)
    if name_columns(name, encoding) <= columns:
        return name
    room = columns - name_columns(kept, encoding)
    if not kept or room <= name_columns(ELLIPSIS, encoding):
        return cut_in_middle(name, columns, encoding)
    return cut_in_middle(stem, room, encoding) + kept


def cut_path(path: str, columns: int | None = None) -> str:
    """``path`` as a line of the terminal names it: its folder whole (where to look for the
    file), its file's name cut (:func:`cut_file_name`) to what the line leaves, the
    terminal's width (:func:`_terminal_width`) or ``columns`` less its quotes, but never
    below :data:`NAME_COLUMNS`; measured as stderr writes it (:func:`name_columns`). Before,
    a name of 200 characters ran over three lines of 80, and five of them filled the
    screen."""
    width = _terminal_width() if columns is None else columns
    encoding = getattr(sys.stderr, "encoding", None) or ""
    folder = path[: len(path) - len(os.path.basename(path))]
    around = name_columns(AROUND_A_NAME, encoding)
    room = max(width - around - name_columns(folder, encoding), NAME_COLUMNS)
    return folder + cut_file_name(path[len(folder) :], room, encoding)


def _terminal_width() -> int:
    """The width of the terminal the names are said on, stderr's: ``COLUMNS``, else that of
    stdout's terminal (:func:`shutil.get_terminal_size`), else stderr's, else 80. Before,
    stdout's only: ``import FOLDER --json > list.json`` cut them to 80 columns whatever
    the terminal's width."""
    fallback = 80
    with contextlib.suppress(AttributeError, OSError, ValueError):  # none, or no terminal
        fallback = os.get_terminal_size(sys.stderr.fileno()).columns
    return shutil.get_terminal_size((fallback, 24)).columns
