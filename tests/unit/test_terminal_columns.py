"""The columns a terminal gives a text (:func:`~kontext_studio.cli.output.terminal_columns`),
what the command line's cuts and tables are measured by."""

from __future__ import annotations

import pytest

from kontext_studio.cli.cut_names import ELLIPSIS, cut_in_middle, name_columns
from kontext_studio.cli.output import terminal_columns

RED_HEART = "\u2764\ufe0f"  # "❤" drawn as an emoji: two columns, as "😀"


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("\u2764", 1),  # a black heart, text style
        (RED_HEART, 2),
        ("\u2764\ufe0e", 1),  # text style asked for: as without
        ("\u263a\ufe0f", 2),  # a smiling face
        ("\u00a9\ufe0f", 2),
        ("1\ufe0f\u20e3", 2),  # a keycap
        ("#\ufe0f\u20e3", 2),
        ("\U0001f600", 2),  # an emoji wide already: U+FE0F adds nothing
        ("\U0001f600\ufe0f", 2),
        ("\u5c71\ufe0f", 2),
        ("a\ufe0f", 1),  # no emoji: U+FE0F widens nothing
        ("\ufe0f", 0),
        ("I \u2764\ufe0f ink", 8),
    ],
)
def test_an_emoji_s_style_counts_as_wcwidth_and_terminals_count_it(text: str, columns: int) -> None:
    """U+FE0F after a heart draws a red heart two columns wide (``wcwidth``'s
    ``VS16_NARROW_TO_WIDE``, the terminals that draw emoji whole): it was counted one, and
    a title of hearts ran a column past its cut for each."""
    assert terminal_columns(text) == columns
    assert name_columns(text) == columns


def test_a_name_of_red_hearts_is_cut_to_its_columns() -> None:
    cut = cut_in_middle(RED_HEART * 30, 21)

    head, tail = cut.split(ELLIPSIS)
    assert (head, tail) == (RED_HEART * 5, RED_HEART * 5)
