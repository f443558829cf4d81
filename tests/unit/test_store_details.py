"""An artwork's title, description and tags changed in the library (Edit details…, Add
tags…), on a real SQLite library: what a search finds at once, what is kept, what is refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kontext_studio.errors import InputError, Refusal, StorageError
from kontext_studio.explain import explain, explain_error_detail
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.details import (
    MAX_DESCRIPTION_CHARS,
    DetailsEdit,
    TagsAdded,
    add_tags,
    save_details,
)
from kontext_studio.store.ledger import Ledger
from tests.fixtures import library_image


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    opened = Ledger.open(tmp_path / "library.sqlite3")
    yield opened
    opened.close()


def test_saved_details_are_found_by_a_search_at_once(ledger: Ledger) -> None:
    """Tags typed as the Upload tab takes them, every comma an input method gives, trimmed,
    repeats dropped; a generated artwork gets tags too, and its new title is found."""
    fox = ledger.create_job(GenerateRequest("a red fox").validated())
    saved = save_details(
        ledger,
        fox.id,
        DetailsEdit(
            title="  Vixen at dawn ",
            description=" for the winter show\n",
            tags="风景，水墨、 ink; ink , ",
        ),
    )
    assert (saved.title, saved.description, saved.tags) == (
        "Vixen at dawn",
        "for the winter show",
        "风景, 水墨, ink",
    )
    assert saved.tag_list == ["风景", "水墨", "ink"]
    assert ledger.get(fox.id) == saved
    for query in ("水墨", "INK", "vixen", "风景，ink"):
        assert [s.id for s in ledger.search(query)] == [fox.id], query
    # Emptied, the tags are no longer found.
    save_details(ledger, fox.id, DetailsEdit(tags=""))
    assert ledger.search("水墨") == []


def test_a_save_writes_only_what_was_changed(ledger: Ledger) -> None:
    """A Save that changed the tags leaves a title given meanwhile in another window."""
    sea = ledger.create_upload(
        file_path=library_image("sea.png"), sha256="s", title="sea", description="d"
    )
    ledger.update(sea.id, title="Sea at night")  # another window's Rename
    saved = save_details(ledger, sea.id, DetailsEdit(tags="sea"))
    assert (saved.title, saved.description, saved.tags) == ("Sea at night", "d", "sea")


def test_a_save_makes_the_artists_change_to_the_tags_as_they_are_now(ledger: Ledger) -> None:
    """The dialog opened with "sea, ink, dusk"; meanwhile a command added "harbour" and
    another window removed "dusk". The artist removed "ink" and added "boat": each change
    stands, the artist's tags in the order typed."""
    sea = ledger.create_upload(
        file_path=library_image("sea.png"), sha256="s", tags="sea, ink, dusk"
    )
    ledger.update(sea.id, tags="sea, ink, harbour")
    edit = DetailsEdit(tags="boat, sea, dusk", tags_shown="sea, ink, dusk")
    assert save_details(ledger, sea.id, edit).tags == "boat, sea, harbour"


def test_tags_that_differ_only_in_case_are_one_tag(ledger: Ledger) -> None:
    """ "Fox", "fox" and "FOX" were kept as three tags (on the details, in the published
    manifest), though the search finds them alike, and Add tags of "mountains" to artworks
    tagged "Mountains" gave each both. The first typed is kept, as for any repeat; spaces
    inside a tag count as one."""
    sketch = ledger.create_upload(file_path=library_image("x.png"), sha256="s")
    edit = DetailsEdit(tags="Fox, sketch, fox, FOX, red  fox, Red Fox")
    assert save_details(ledger, sketch.id, edit).tag_list == ["Fox", "sketch", "red fox"]
    add_tags(ledger, [sketch.id], "SKETCH, fox, ink")
    assert ledger.get(sketch.id).tags == "Fox, sketch, red fox, ink"  # type: ignore[union-attr]
    # Its case changed in Edit details, while another window added "INK" meanwhile.
    ledger.update(sketch.id, tags="Fox, sketch, red fox, ink, INK")
    edit = DetailsEdit(tags="fox, sketch, Red Fox, ink", tags_shown="Fox, sketch, red fox, ink")
    assert save_details(ledger, sketch.id, edit).tags == "fox, sketch, Red Fox, ink"


def test_a_deleted_artwork_is_refused_in_words(ledger: Ledger) -> None:
    sea = ledger.create_upload(file_path=library_image("sea.png"), sha256="s", title="sea")
    ledger.delete(sea.id)
    with pytest.raises(Refusal) as raised:
        save_details(ledger, sea.id, DetailsEdit(title="Sea at night"))
    assert explain(raised.value).message == (
        f"Artwork {sea.id} was deleted meanwhile (in another window or by a command), so "
        "its details were not saved."
    )


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            DetailsEdit(description="x" * 100_000),
            "Shorten the description to 5,000 characters (it has 100,000).",
        ),
        (DetailsEdit(title="x" * 100_000), "Shorten the title to 300 characters (it has 100,000)."),
        (
            DetailsEdit(tags=", ".join(f"tag {n}" for n in range(1000))),
            "Shorten the tags to 2,000 characters in all (they have 8,888).",
        ),
    ],
)
def test_a_huge_paste_is_refused_and_nothing_written(
    ledger: Ledger, edit: DetailsEdit, words: str
) -> None:
    sea = ledger.create_upload(file_path=library_image("sea.png"), sha256="s", title="sea")
    with pytest.raises(InputError) as raised:
        save_details(ledger, sea.id, edit)
    assert explain_error_detail(raised.value) == words
    assert ledger.get(sea.id) == sea
    just = DetailsEdit(description="x" * MAX_DESCRIPTION_CHARS)
    assert len(save_details(ledger, sea.id, just).description) == MAX_DESCRIPTION_CHARS


def test_tags_added_to_several_keep_each_ones_own(ledger: Ledger) -> None:
    """Each gets the new tags after its own, once; one that had them all, and one deleted
    meanwhile (named, for the window to drop), are passed over; a search finds them all by
    the new tag at once."""
    fox = ledger.create_job(GenerateRequest("a red fox").validated())
    sea = ledger.create_upload(file_path=library_image("sea.png"), sha256="s", tags="sea, ink")
    owl = ledger.create_upload(
        file_path=library_image("owl.png"), sha256="o", tags="commission, ink"
    )
    gone = ledger.create_upload(file_path=library_image("gone.png"), sha256="g")
    ledger.delete(gone.id)
    added = add_tags(ledger, [fox.id, sea.id, owl.id, gone.id], "ink， commission")
    assert [s.id for s in added.changed] == [fox.id, sea.id]
    assert added.gone == [gone.id]
    assert [ledger.get(i).tags for i in (fox.id, sea.id, owl.id)] == [  # type: ignore[union-attr]
        "ink, commission",
        "sea, ink, commission",
        "commission, ink",
    ]
    assert {s.id for s in ledger.search("commission")} == {fox.id, sea.id, owl.id}
    assert ledger.get(gone.id) is None
    assert add_tags(ledger, [sea.id], " , ") == TagsAdded([], [])


def test_tags_added_to_several_are_one_write(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk met half-way leaves every artwork as it was, said as a storage error."""
    ids = [
        ledger.create_upload(file_path=library_image(f"{n}.png"), sha256=str(n)).id
        for n in range(3)
    ]
    writes = 0
    original = ledger._db.execute_sql

    def fails_at_the_second_tag(sql: str, *args: object, **kwargs: object) -> object:
        nonlocal writes
        if sql.startswith("UPDATE artwork SET tags"):
            writes += 1
            if writes == 2:
                raise sqlite3.OperationalError("database or disk is full")
        return original(sql, *args, **kwargs)

    monkeypatch.setattr(ledger._db, "execute_sql", fails_at_the_second_tag)
    with pytest.raises(StorageError, match="disk is full"):
        add_tags(ledger, ids, "ink")
    monkeypatch.undo()
    assert [ledger.get(i).tags for i in ids] == ["", "", ""]  # type: ignore[union-attr]


def test_an_artwork_imported_with_long_tags_gets_one_more_in_its_details(ledger: Ledger) -> None:
    """The tags it holds already are not counted against the limit: those typed new are."""
    tags = ", ".join(f"tag{n:03d}" for n in range(300))  # 2 398 characters, imported so
    art = ledger.create_job(GenerateRequest("a harbour").validated())
    ledger.update(art.id, tags=tags)
    saved = save_details(ledger, art.id, DetailsEdit(tags=f"{tags}, harbour"))
    assert saved.tag_list[-1] == "harbour"
    with pytest.raises(InputError):
        save_details(ledger, art.id, DetailsEdit(tags=f"{tags}, {'x' * 2001}"))
