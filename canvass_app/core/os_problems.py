"""Why the operating system refused a file or a folder, in a person's words.

An ``OSError``'s ``strerror`` is the C library's English ("No space left on device"); a
person reads these instead, in their language. Errors without words here keep the
system's text (shown as it is, like a name).
"""

from __future__ import annotations

import errno

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, MessageTemplate, as_message

_REASONS: dict[int, MessageTemplate] = {
    errno.ENOENT: QT_TRANSLATE_NOOP("OsProblem", "it does not exist"),
    errno.EACCES: QT_TRANSLATE_NOOP("OsProblem", "permission denied"),
    errno.EPERM: QT_TRANSLATE_NOOP("OsProblem", "permission denied"),
    errno.ENOSPC: QT_TRANSLATE_NOOP("OsProblem", "the disk is full"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("OsProblem", "the disk quota is used up"),
    errno.EROFS: QT_TRANSLATE_NOOP("OsProblem", "the disk is read-only"),
    errno.EISDIR: QT_TRANSLATE_NOOP("OsProblem", "it is a folder, not a file"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("OsProblem", "part of the path is not a folder"),
    errno.EEXIST: QT_TRANSLATE_NOOP("OsProblem", "it already exists"),
    errno.EIO: QT_TRANSLATE_NOOP("OsProblem", "the disk could not be read or written"),
    errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("OsProblem", "the name is too long"),
    errno.EBUSY: QT_TRANSLATE_NOOP("OsProblem", "another program is using it"),
    errno.ETXTBSY: QT_TRANSLATE_NOOP("OsProblem", "another program is using it"),
}


def os_reason(error: OSError) -> Message:
    """Why ``error`` happened, for a person (the system's own text when Canvass has none)."""
    template = _REASONS.get(error.errno or 0)
    if template is not None:
        return template.message()
    return as_message(error.strerror or type(error).__name__)
