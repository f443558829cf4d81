"""The Upload tab's files: where each one stands, and what the artist typed for it.

An :class:`UploadItem` is one listed file: its check, its import into the library and its
publish move it through the :class:`ItemState` values. The tab and its rows read it; only
the GUI thread changes it. :class:`PendingUpload` is a listed file the tab has not finished
with (not in the library yet, or in it but not published), as a window that replaces the
tab's hands it over.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtGui import QPixmap

from kontext_studio.errors import Term
from kontext_studio.explain import Explanation
from kontext_studio.images.collect import FileIdentity
from kontext_studio.images.validate import ImageInfo
from kontext_studio.publish import recorded_in
from kontext_studio.store.ledger import Snapshot


class ItemState(Enum):
    CHECKING = "checking"
    READY = "ready"
    REFUSED = "refused"
    IMPORTING = "importing"
    PUBLISHING = "publishing"
    WAITING = "waiting"  # in the batch, not started yet
    NOT_STARTED = "not started"  # a batch stopped before it; ready for the next
    FAILED = "failed"  # import or publish failed; may be tried again
    CANCELLED = "cancelled"  # in the library, publishing was stopped
    DONE = "done"


PENDING = frozenset({ItemState.READY, ItemState.NOT_STARTED, ItemState.FAILED, ItemState.CANCELLED})
STOPPED = frozenset({ItemState.NOT_STARTED, ItemState.FAILED, ItemState.CANCELLED})
"""A file a batch took and did not finish."""
BUSY = frozenset({ItemState.IMPORTING, ItemState.PUBLISHING, ItemState.WAITING})


@dataclass(frozen=True)
class Bucket:
    """A bucket, at the endpoint it is on."""

    name: str
    host: str


@dataclass(eq=False)
class UploadItem:
    """One file in the list. Only the GUI thread touches it; threads compute and return."""

    key: int
    path: Path
    identity: FileIdentity  # the same file reached by another path is not listed twice
    title: str
    description: str = ""
    tags: str = ""
    shown_name: str = ""  # its file name, with folders where another listed file has that name
    state: ItemState = ItemState.CHECKING
    info: ImageInfo | None = None
    problem: Explanation | None = None
    refusal: str = ""  # a refused or failed file's exact refusal or failure: its row's tooltip
    cause: Term | None = None  # a refused file's cause in a word or two: the tab's summary's
    snapshot: Snapshot | None = None  # once it is in the library, as the library has it now
    held: bool = False  # the library held it when checked, and no batch took it: Add leaves it
    set_aside: bool = False  # it was held, and the details typed for it are not the library's
    added: bool = False  # a batch of the list added its artwork, with the details typed here
    unpublishing: bool = False  # the library is removing its artwork from the bucket
    being_published: bool = False  # a publish of its artwork is under way (the library's)
    refused_in: Bucket | None = None  # the R2 settings' when its artwork's record named another
    lost_file: bool = False  # its last publish found its artwork's file gone from the library
    gone: bool = False  # its own file was gone from the disk when a batch came to add it
    in_trash: bool = False  # that file was in the trash: a Delete moved it, and kept the artwork
    thumbnail: QPixmap | None = None
    percent: int | None = None
    quiet: float = 0.0  # how long its publish has gone quiet: publishing.Activity.quiet
    after_delete: bool = False  # its publish waits for the library's Delete of its artwork
    too_late: bool = False  # Stop came as its publish was being recorded: it is published
    waits_to_publish: bool = False
    """Of a Publish, waiting (or publishing), nothing of it sent: its turn in the tab's batch
    has not come, or its artwork waits its turn in a library's Publish of several
    (``PublishController.waits_turn``). Its row says "Waiting to publish"."""

    @property
    def published(self) -> bool:
        """Its artwork is in the bucket (being removed from it, maybe)."""
        return self.snapshot is not None and bool(self.snapshot.published_key)

    @property
    def to_do(self) -> bool:
        """Left for the next batch (:data:`PENDING`): not a file a batch did not finish whose
        artwork was published since (from the library, or by the command line), which its
        row says, unless in another bucket than the R2 settings name
        (:attr:`recorded_elsewhere`). Before, Publish stayed enabled for it, offering to
        publish what was published."""
        if self.state not in PENDING:
            return False
        return not (self.state in STOPPED and self.published and not self.recorded_elsewhere)

    @property
    def to_add(self) -> bool:
        """Left for the next Add to library (:attr:`to_do`): not a file the library held
        when it was checked (:attr:`held`), which its row says. Before, it read "Ready", and
        Add counted it only to say "Nothing added: ... in your library already". Nor one a
        batch added whose publish failed or was stopped ("In the library, not published"):
        Add stayed enabled for it, with nothing to add."""
        return self.to_do and not self.held and self.snapshot is None

    @property
    def needs_attention(self) -> bool:
        """It has a problem its row says: not once its artwork was published since (from the
        library, or by the command line), which the row says instead, unless in another
        bucket than the R2 settings name (:attr:`recorded_elsewhere`)."""
        return self.problem is not None and (not self.published or self.recorded_elsewhere)

    @property
    def recorded_elsewhere(self) -> bool:
        """Its publish was refused for its artwork's record naming another bucket than the
        R2 settings (:attr:`refused_in`), and the record still does: the refusal holds until
        the publication is forgotten, or removed there."""
        snapshot, here = self.snapshot, self.refused_in
        return (
            here is not None
            and snapshot is not None
            and bool(snapshot.published_key or snapshot.retired_key)
            and not recorded_in(snapshot, here.name, here.host)
        )


def told_apart(paths: Iterable[Path]) -> dict[Path, str]:
    """The name to show for each of ``paths``: its file name, or where another of them has
    that name too, as many of its folders before it as tell them apart ("2023/march/sea.png"
    beside "2024/march/sea.png" and "april/sea.png"). Two files of one name, each a row
    reading "sea.png", could not be told apart."""
    by_name: dict[str, list[tuple[str, ...]]] = {}
    for path in paths:
        by_name.setdefault(path.name, []).append(path.parts)
    shown: dict[Path, str] = {}
    for clashing in by_name.values():
        _tell_apart(clashing, shown)
    return shown


def _tell_apart(clashing: list[tuple[str, ...]], shown: dict[Path, str]) -> None:
    """Into ``shown``, each of ``clashing`` (the parts of paths of one name) from as few of
    its last parts as no other of them ends with: the ends of each length counted once.
    Before, each path was held against every other: 500 files named cover.png, one drop's
    most, took a tenth of a second on the GUI thread at each row listed or removed, and an
    Add that took them all off the list held the window still for over 20 seconds."""
    undecided, depth = clashing, 1
    while undecided:
        ends = Counter(parts[-depth:] for parts in clashing)
        left = []
        for parts in undecided:
            if ends[parts[-depth:]] == 1 or depth >= len(parts):
                shown[Path(*parts)] = str(Path(*parts[-depth:]))
            else:
                left.append(parts)
        undecided, depth = left, depth + 1


@dataclass(frozen=True)
class PendingUpload:
    """A listed file not finished with, with what the artist typed for it and, once a batch
    copied it into the library (its publish failed, or was stopped), the artwork it is
    there: the tab that takes it over publishes that artwork, and adds no second copy."""

    path: Path
    title: str
    description: str
    tags: str
    artwork: int | None = None
