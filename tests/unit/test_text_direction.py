"""Titles and file names set in a sentence without turning its words around."""

from __future__ import annotations

import pytest

from kontext_studio.text_direction import balanced, in_its_direction, isolated

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
