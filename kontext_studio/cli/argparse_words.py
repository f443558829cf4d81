"""argparse's own words ("usage:", "options", "error:", "the following arguments are
required: …") in the language the command line speaks. argparse looks each one up through
gettext as it writes it, by its module's ``_``; :func:`install` points that at the app's
catalogue, so that a command's help and refusals read in one language, not half in English.
Words a newer Python adds or rewords stay English, as they were."""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

CONTEXT = "argparse"
WORDS = (
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "show program's version number and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at least one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at most one argument"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
    QT_TRANSLATE_NOOP("argparse", "not allowed with argument %s"),
    QT_TRANSLATE_NOOP("argparse", "one of the arguments %s is required"),
)
"""The words an artist meets; the rest (a programmer's mistakes in building a parser) are
not worth a translator's time."""


HEADING = QT_TRANSLATE_NOOP("argparse", "{heading}:")
"""A help section's heading ("options:"): argparse writes the colon itself, an ASCII one
after "选项" too; :func:`headed` writes it as the language does ("选项：")."""


def headed(help_text: str, titles: Iterable[str]) -> str:
    """``help_text`` with the headings of the sections ``titles`` as the language writes a
    heading."""
    template = translate(CONTEXT, HEADING)
    headings = {f"{title}:": template.format(heading=title) for title in titles}
    return "\n".join(headings.get(line, line) for line in help_text.split("\n"))


def words(text: str) -> str:
    """argparse's ``text`` in the language in use."""
    return translate(CONTEXT, text)


def install() -> None:
    """Have argparse look its words up here (before a parser is made: it takes the help of
    ``-h`` and its sections' titles as it is built)."""
    argparse._ = words  # type: ignore[attr-defined]
