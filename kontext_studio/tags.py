"""Tags as an artist types them.

Commas separate tags, in whichever form the keyboard gives: the ASCII comma, the full-width
comma and the enumeration comma of Chinese and Japanese input methods ("风景，水墨、约稿"),
and semicolons. Each tag is trimmed; empty ones and repeats are dropped, the first kept.
"""

from __future__ import annotations

import re

SEPARATORS = ",，、;；"
"""The characters that separate tags; the library's search cuts its words at them too."""
_SEPARATORS = re.compile(f"[{SEPARATORS}]")


def split_tags(text: str) -> list[str]:
    """The tags in ``text``, in the order typed."""
    tags: list[str] = []
    for raw in _SEPARATORS.split(text):
        tag = raw.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags
