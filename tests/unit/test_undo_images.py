"""Undo of a Delete puts each image back where it was, never over a file that appeared there
after its checks (someone else's, not the app's to replace)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kontext_studio.errors import Refusal
from kontext_studio.store import undo
from kontext_studio.store.ledger import Ledger
from kontext_studio.store.undo import Deleted, bring_back, keep_image


def deleted_artwork(tmp_path: Path) -> tuple[Ledger, Deleted, Path]:
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    image = tmp_path / "harbour.png"
    image.write_bytes(b"the artwork's own bytes")
    row = ledger.create_upload(prompt="harbour", title="Harbour", file_path=str(image))
    kept = keep_image(image, tmp_path / "undo")
    ledger.delete(row.id)
    image.unlink()
    return ledger, Deleted(row, kept), image


@pytest.mark.parametrize("disk", ["takes links", "takes no links"])
def test_a_file_that_appears_in_the_image_s_place_after_the_checks_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk: str
) -> None:
    ledger, deleted, image = deleted_artwork(tmp_path)
    checked = undo._check_image

    def then_another_file_lands_there(each: Deleted) -> None:
        checked(each)
        image.write_bytes(b"another program's file")

    monkeypatch.setattr(undo, "_check_image", then_another_file_lands_there)
    if disk == "takes no links":

        def no_links(source: object, target: object) -> None:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

        monkeypatch.setattr(undo.os, "link", no_links)
    with pytest.raises(Refusal) as refused:
        bring_back(ledger, [deleted])
    assert "Another file is now where the image of “Harbour” was" in str(refused.value)
    assert image.read_bytes() == b"another program's file"
    assert ledger.search("harbour") == [], "the artwork is not brought back without its image"
