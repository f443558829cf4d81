"""Tags as an artist types them.

Commas separate tags, in whichever form the keyboard gives: the ASCII comma, the full-width
comma and the enumeration comma of Chinese and Japanese input methods ("风景，水墨、约稿"),
and semicolons. Each tag is trimmed, the spaces inside it made one; empty ones and repeats
are dropped, the first kept. A tag that differs from another only in case ("Fox", "fox") is
a repeat: the search finds them alike, and a published manifest listing both reads as a slip.
"""

from __future__ import annotations

import re

SEPARATORS = ",，、;；"
"""The characters that separate tags; the library's search cuts its words at them too."""
_SEPARATORS = re.compile(f"[{SEPARATORS}]")


def split_tags(text: str) -> list[str]:
    """The tags in ``text``, in the order typed."""
    tags: dict[str, str] = {}
    for raw in _SEPARATORS.split(text):
        tag = " ".join(raw.split())
        if tag:
            tags.setdefault(tag_key(tag), tag)
    return list(tags.values())


def tag_key(tag: str) -> str:
    """What two tags that are one share ("Fox", "FOX" -> "fox")."""
    return tag.casefold()
