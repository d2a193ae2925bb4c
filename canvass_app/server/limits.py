"""What one request may ask of the reference server: body size and JSON nesting.

The server is also used for training on a shared network, so no single request may hold
its memory or its one thread: a body is read in chunks and refused (413) as soon as it
passes the limit, and JSON nested deeper than ``MAX_JSON_DEPTH`` is refused (400) before
it is parsed, so no later step (copying, answering) recurses too deep.
"""

from __future__ import annotations

import re

DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # 1 MiB: a full bulk request of 1,000 items fits
MAX_JSON_DEPTH = 64

# A JSON string (skipped whole, so brackets inside it do not count) or one bracket.
_STRINGS_AND_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_OPENERS = frozenset("[{")


def nesting_too_deep(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON ``text`` opens more than ``limit`` arrays or objects inside each other.

    One linear scan; it does not check that the text is JSON (the parser does that next).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _STRINGS_AND_BRACKETS.finditer(text):
        token = match.group()
        if token in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False
