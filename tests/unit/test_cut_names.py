"""File names cut to a terminal's width (``import``'s left-out files): in their middle,
never inside a character as a person reads it."""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kontext_studio.cli.cut_names import (
    ELLIPSIS,
    cut_file_name,
    cut_in_middle,
    cut_path,
    name_columns,
)
from kontext_studio.cli.output import STDERR_ERRORS, _unencodable_said

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man, woman, girl: one emoji drawn


def as_the_c_locale_reads(text: str) -> str:
    """``text`` as a file name Python hands over under ``LC_ALL=C PYTHONUTF8=0``: each byte
    of its UTF-8 past ASCII a lone surrogate."""
    return text.encode("utf-8").decode("ascii", "surrogateescape")


def test_a_name_from_a_mac_is_cut_as_the_same_name_typed_here() -> None:
    """Before: a name whose "é" is spelled as a Mac spells it ("e" and a combining accent)
    was cut between the two, the accent set on the "…" ("ée…́e.png"), and to half the
    letters, each accent counted a column. Now it reads as the same name typed here."""
    typed = "été_" * 30 + "042.png"
    from_a_mac = unicodedata.normalize("NFD", typed)

    cut = cut_file_name(from_a_mac, 41)

    assert cut == unicodedata.normalize("NFD", cut_file_name(typed, 41))
    assert not unicodedata.combining(cut[cut.index(ELLIPSIS) + 1])


def test_an_emoji_family_is_kept_whole_or_left_out_whole() -> None:
    """Before: "👨‍👩‍👧…" was cut between its people, a man left on one side of the "…"."""
    cut = cut_in_middle(FAMILY * 30, 41)

    head, tail = cut.split(ELLIPSIS)
    assert head and tail
    assert head == FAMILY * (len(head) // len(FAMILY))
    assert tail == FAMILY * (len(tail) // len(FAMILY))


def test_a_chinese_name_under_the_c_locale_is_cut_between_its_characters() -> None:
    """Under the C locale a UTF-8 name comes as lone surrogates, its bytes, which stderr
    writes as they are (the name as typed). Before: cut between the bytes of one
    character, which stderr then wrote, with all its neighbours, as "\\udce6\\udcb0…"."""
    name = as_the_c_locale_reads("山水长卷_" + "水墨山水画" * 14 + "042.txt")
    codecs.register_error(STDERR_ERRORS, _unencodable_said)

    for columns in range(40, 50):
        written = cut_file_name(name, columns).encode("ascii", STDERR_ERRORS)

        head, tail = written.split(b"\\u2026")
        assert b"\\udc" not in written
        assert head.decode("utf-8").startswith("山水长卷_水墨")
        assert tail.decode("utf-8").endswith("山水画042.txt")


_LETTERS = st.sampled_from(["a", "山", "é", "e\u0301", FAMILY, "\U0001f44d\U0001f3fd", "_"])


@given(st.lists(_LETTERS, min_size=1, max_size=80), st.integers(min_value=2, max_value=60))
def test_a_cut_text_never_runs_past_its_columns_nor_cuts_a_letter(letters, columns) -> None:
    """However wide its letters (Chinese ones two columns), at any width: the cut text fits
    it, and is a start and an end of the letters, whole."""
    text = "".join(letters)

    cut = cut_in_middle(text, columns)

    assert name_columns(cut) <= columns
    if cut != text:
        head, tail = cut.split(ELLIPSIS)
        assert head in {"".join(letters[:n]) for n in range(len(letters))}
        assert tail in {"".join(letters[n:]) for n in range(1, len(letters) + 1)}


def test_under_the_c_locale_a_cut_name_fits_as_stderr_writes_it(monkeypatch) -> None:
    """Under ``LC_ALL=C PYTHONUTF8=0`` stderr is ASCII, and writes the quotes round a name
    and the "…" in it as escapes ("\\u201c", "\\u2026"): counted a column each, the cut name
    in its quotes ran 15 columns past the terminal's 80. Measured as it is written, it fits."""
    codecs.register_error(STDERR_ERRORS, _unencodable_said)
    written = io.BytesIO()
    stderr = io.TextIOWrapper(written, encoding="ascii", errors=STDERR_ERRORS)
    monkeypatch.setattr(sys, "stderr", stderr)
    name = "/art/" + "harbour_series_commission_sketch_" * 6 + "042.txt"

    print(f"“{cut_path(name, 80)}”, ", end="", file=stderr)
    stderr.flush()

    line = written.getvalue().decode("ascii")
    assert line.startswith("\\u201c/art/harbour_series_") and "\\u2026" in line, line
    assert line.endswith("042.txt\\u201d, ") and len(line) <= 80, line
