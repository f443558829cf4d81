"""Where a file's name is cut to fit (the Upload tab's summary, the command line's lines):
in its middle, its extension whole, as the start and the end tell most files apart."""

from __future__ import annotations

EXTENSION_CHARS = 6
"""The longest ending after a file name's last dot kept whole as its extension (".jpeg",
".webp"); a longer one is part of the name."""


def split_extension(name: str) -> tuple[str, str]:
    """A file's ``name`` (no folder) as what may be cut and what is kept whole:
    ("harbour_series_042", ".png"). No extension (``""``) for a name without a dot, a
    hidden file's (".bashrc": its dot starts it), or an ending longer than
    :data:`EXTENSION_CHARS`."""
    stem, dot, extension = name.rpartition(".")
    if not stem or not dot or len(extension) > EXTENSION_CHARS:
        return name, ""
    return stem, dot + extension
