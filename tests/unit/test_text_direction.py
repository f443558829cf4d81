"""Titles and file names set in a sentence without turning its words around."""

from __future__ import annotations

import pytest

from kontext_studio.cli.output import printable
from kontext_studio.text_direction import (
    balanced,
    controls_escaped,
    in_its_direction,
    isolated,
    strays_shown,
)

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: every letter after it right to left
PDF = "\u202c"  # POP DIRECTIONAL FORMATTING: closes an override or embedding
RLI, FSI, PDI = "\u2067", "\u2068", "\u2069"  # isolates opened, and closed


def test_a_lone_isolate_closer_cannot_end_the_isolation_round_a_title() -> None:
    """A title holding a lone U+2069 closed the isolation round it early: the U+202E after
    it turned the rest of the sentence ("” was deleted.") around again. The lone closer is
    left out, and the override is closed where the title ends."""
    said = f"“{in_its_direction(f'a heron {PDI}{RLO}eteled')}” was deleted."

    assert said == f"“{FSI}a heron {RLO}eteled{PDF}{PDI}” was deleted."


@pytest.mark.parametrize(
    ("text", "paired"),
    [
        (f"a{PDF}b", "ab"),  # nothing to close: left out
        (f"{RLI}a{RLO}b", f"{RLI}a{RLO}b{PDF}{PDI}"),  # left open: closed, the last first
        (f"{RLI}a{RLO}b{PDI}c", f"{RLI}a{RLO}b{PDI}c"),  # the closer of both: as it is
        (f"{RLO}a{RLI}b{PDF}c", f"{RLO}a{RLI}bc{PDI}{PDF}"),  # no PDF across an isolate
        (f"{RLO}a\nb", f"{RLO}a{PDF}\nb"),  # a line break ends every one
    ],
)
def test_direction_controls_are_paired_as_unicode_pairs_them(text: str, paired: str) -> None:
    assert balanced(text) == paired


def test_each_line_of_a_title_is_isolated_apart() -> None:
    """A line break ends an isolation: a title's second line with an override turned the
    words after the title around, out of the isolation the first line was in."""
    assert isolated(f"a\n{RLO}b") == f"{FSI}a{PDI}\n{FSI}{RLO}b{PDF}{PDI}"


def test_a_title_that_turns_nothing_is_left_as_it_is() -> None:
    assert in_its_direction("a heron at dusk") == "a heron at dusk"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        # A file's name bare in a line: its override turned the rest of the line around.
        (f"“invoice{RLO}fdp.exe.png” was left out", "“invoice\\u202efdp.exe.png” was left out"),
        # Held in the isolation a name is set in: it turns that name alone, as the window
        # shows it, and is kept.
        (f"“{FSI}invoice{RLO}fdp.exe{PDF}{PDI}” was left out", None),
        # An isolate nothing closes, a closer with nothing open, and a closer left open.
        (f"{RLI}a and {PDI} b {PDI}", f"{RLI}a and {PDI} b \\u2069"),
        (f"{RLI}a", "\\u2067a"),
        (f"a {PDF}", "a \\u202c"),
        # Right-to-left letters and marks turn no line: kept, readable.
        ("قطة \u200fשועל.png", None),
    ],
)
def test_a_terminal_line_shows_the_direction_controls_nothing_holds(
    line: str, shown: str | None
) -> None:
    assert strays_shown(line) == (line if shown is None else shown)


def test_every_explicit_control_can_be_written_as_its_escape() -> None:
    """For a --json line: the value a reader gets is the same, the line turns nothing."""
    assert controls_escaped(f"{FSI}a{RLO}b{PDF}{PDI} \u200f") == (
        "\\u2068a\\u202eb\\u202c\\u2069 \u200f"
    )


def test_a_human_line_shows_an_override_no_isolation_holds() -> None:
    """Words a line takes from elsewhere (a server's, a file's name in an error) turn the
    rest of it no more than a name the command line sets itself."""
    assert printable(f"KIE said: {RLO}kcolb\x1b[2J") == "KIE said: \\u202ekcolb?[2J"
