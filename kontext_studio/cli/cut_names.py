"""File names cut to a terminal's width by columns, as the Upload tab cuts them by pixels
(:func:`~kontext_studio.ui.elided_label.cut_file_name`, which needs Qt): in the middle,
the extension whole, a wide (CJK) character counted two columns."""

from __future__ import annotations

import os
import shutil

from kontext_studio.cli.output import terminal_columns
from kontext_studio.file_names import split_extension

ELLIPSIS = "…"

NAME_COLUMNS = 40
"""The fewest columns a file's name is cut to, however long its folder: the Upload tab's
summary gives a name about 40 characters (``NAME_CHARS``)."""

QUOTES_COLUMNS = 4
"""The columns a named file takes round its name on a line: its quotes, a comma after."""


def cut_in_middle(text: str, columns: int) -> str:
    """``text`` within ``columns`` terminal columns, cut in its middle with "…": its start
    and its end kept, the start getting the odd column, as Qt's middle cut does."""
    if terminal_columns(text) <= columns:
        return text
    room = max(columns - terminal_columns(ELLIPSIS), 0)
    head = _start_within(text, (room + 1) // 2)
    tail = _start_within(text[len(head) :][::-1], room - terminal_columns(head))[::-1]
    return head + ELLIPSIS + tail


def _start_within(text: str, columns: int) -> str:
    """The longest start of ``text`` that takes at most ``columns`` columns."""
    used = 0
    for index, char in enumerate(text):
        used += terminal_columns(char)
        if used > columns:
            return text[:index]
    return text


def cut_file_name(name: str, columns: int) -> str:
    """A file's ``name`` within ``columns`` columns, cut in its middle, its extension
    whole: "harbour_series_c…ssion_042.png". Cut as any text is where there is no room
    for a character of the name beside its extension."""
    stem, kept = split_extension(name)
    if terminal_columns(name) <= columns:
        return name
    room = columns - terminal_columns(kept)
    if not kept or room <= terminal_columns(ELLIPSIS):
        return cut_in_middle(name, columns)
    return cut_in_middle(stem, room) + kept


def cut_path(path: str, columns: int | None = None) -> str:
    """``path`` as a line of the terminal names it: its folder whole (where to look for the
    file), its file's name cut (:func:`cut_file_name`) to what the line leaves, the
    terminal's width (``COLUMNS``, else 80 off a terminal) or ``columns`` less its quotes,
    but never below :data:`NAME_COLUMNS`. Before, a name of 200 characters ran over three
    lines of 80, and five of them filled the screen."""
    width = shutil.get_terminal_size().columns if columns is None else columns
    folder = path[: len(path) - len(os.path.basename(path))]
    room = max(width - QUOTES_COLUMNS - terminal_columns(folder), NAME_COLUMNS)
    return folder + cut_file_name(path[len(folder) :], room)
