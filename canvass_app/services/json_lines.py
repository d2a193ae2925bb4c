"""Reading a JSON Lines file a person gives us, line by line, without ever a traceback.

Both imports (``canvass-app import`` of visits, ``outbox import`` of a moved queue) read
their file through :func:`read_json_lines`. Each non-blank line comes back as a
``JsonLine`` (its number and value) or a ``LineProblem`` (its number and what is wrong, in
words), so a caller can name every bad line and still queue nothing from a bad file.

What a line may be, and why:

- UTF-8 text (a leading byte-order mark is accepted). Lines are split on ``\\n`` only: a
  JSON string may hold U+2028 and friends, which ``str.splitlines`` would cut.
- At most ``MAX_LINE_BYTES`` (1 MiB): a visit is a few kilobytes; the reader never holds
  more than one line, so a huge or endless line costs no memory.
- Nested at most ``MAX_DEPTH`` (32) levels: a visit's data is about 7 deep; deeper input
  would only exercise recursion (Python's JSON decoder raises RecursionError near 1,000).
- No text (value or key) longer than ``MAX_TEXT_CHARS`` (10,000 characters): the API's
  text answers default to at most 256 and notes elsewhere to 2,048; a longer value is a
  broken export, and the server would refuse or truncate it after it left the laptop.
- Standard JSON: ``NaN`` and ``Infinity`` are refused (the server cannot read them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from canvass_app.core.errors import CanvassError, FieldError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, MessageTemplate

MAX_LINE_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_TEXT_CHARS = 10_000
# A bad file names at most this many problems (a person fixes the first ones first).
MAX_PROBLEMS_SHOWN = 50
_BOM = b"\xef\xbb\xbf"

LINE = QT_TRANSLATE_NOOP("Import", "line {line}: {reason}")
FIELD = QT_TRANSLATE_NOOP("Import", "{field}: {problem}")
_NOT_UTF8 = QT_TRANSLATE_NOOP(
    "Import",
    "not UTF-8 text (byte {byte} at position {position}); save the file as UTF-8 and "
    "import it again",
)
_TOO_LONG_LINE = QT_TRANSLATE_NOOP(
    "Import", "longer than {limit} bytes, far more than any visit; is this the right file?"
)
_NOT_JSON = QT_TRANSLATE_NOOP("Import", "not JSON ({detail} at column {column})")
_NOT_STANDARD = QT_TRANSLATE_NOOP("Import", "not JSON: {constant} is not a number JSON allows")
_TOO_DEEP = QT_TRANSLATE_NOOP(
    "Import", "nested more than {limit} levels deep{where}; a visit is never that deep"
)
_TOO_LONG_TEXT = QT_TRANSLATE_NOOP(
    "Import", "{field} is {length} characters long; a field may hold at most {limit}"
)
_CANNOT_READ = QT_TRANSLATE_NOOP("Import", "Could not read {path}: {reason}.")
_BAD_FILE_ONE = QT_TRANSLATE_NOOP("Import", "{path}: %n problem; nothing was queued.")
_BAD_FILE_MANY = QT_TRANSLATE_NOOP("Import", "{path}: %n problems; nothing was queued.")
_MORE = QT_TRANSLATE_NOOP("Import", "… and %n more.")


class FileImportError(CanvassError):
    """A file that was not imported: ``message`` says why, ``problems`` name the lines.

    ``unreadable``: the file itself could not be read (missing, no permission).
    """

    def __init__(
        self, message: Message, problems: list[Message] | None = None, *, unreadable: bool = False
    ) -> None:
        self.message = message
        self.problems = list(problems or [])
        self.unreadable = unreadable
        super().__init__("\n".join(str(m) for m in [message, *self.problems]))


def plural(one: MessageTemplate, many: MessageTemplate, count: int, **args: Any) -> Message:
    """English picks its form here; a translation may give its own forms for ``%n``."""
    return (one if count == 1 else many).with_args(n=count, **args)


def bad_file(path: Path, problems: list[Message]) -> FileImportError:
    """The error for a file with bad lines (nothing was queued): the first problems, and
    how many in all."""
    shown = problems[:MAX_PROBLEMS_SHOWN]
    if len(problems) > len(shown):
        shown.append(_MORE.with_args(n=len(problems) - len(shown)))
    return FileImportError(plural(_BAD_FILE_ONE, _BAD_FILE_MANY, len(problems), path=path), shown)


@dataclass(frozen=True)
class JsonLine:
    number: int
    value: Any


@dataclass(frozen=True)
class LineProblem:
    number: int
    message: Message


def line_problem(number: int, reason: Message | str) -> LineProblem:
    return LineProblem(number, LINE.with_args(line=number, reason=reason))


def field_problems(number: int, errors: Iterable[FieldError]) -> list[LineProblem]:
    """A line's validation errors (``core`` names the field and says what is wrong)."""
    return [line_problem(number, FIELD.with_args(field=e.field, problem=e.message)) for e in errors]


class _Constant(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


def _pointer(path: list[str]) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path) if path else "/"


def shape_problem(value: Any) -> Message | None:
    """Too deep or too long text anywhere in ``value`` (iteratively: no recursion)."""
    stack: list[tuple[Any, list[str]]] = [(value, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return _TOO_DEEP.with_args(limit=MAX_DEPTH, where=f" (at {_pointer(path[:8])}…)")
        if isinstance(node, str):
            if len(node) > MAX_TEXT_CHARS:
                return _TOO_LONG_TEXT.with_args(
                    field=_pointer(path), length=f"{len(node):,}", limit=f"{MAX_TEXT_CHARS:,}"
                )
        elif isinstance(node, dict):
            for key, child in node.items():
                if len(key) > MAX_TEXT_CHARS:
                    return _TOO_LONG_TEXT.with_args(
                        field=f"a key in {_pointer(path)}",
                        length=f"{len(key):,}",
                        limit=f"{MAX_TEXT_CHARS:,}",
                    )
                stack.append((child, [*path, key]))
        elif isinstance(node, list):
            stack.extend((child, [*path, str(index)]) for index, child in enumerate(node))
    return None


def parse_line(number: int, raw: bytes) -> JsonLine | LineProblem:
    """One line's bytes (without its newline) as a value, or what is wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return line_problem(
            number,
            _NOT_UTF8.with_args(byte=f"0x{raw[exc.start]:02X}", position=exc.start + 1),
        )
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except _Constant as exc:
        return line_problem(number, _NOT_STANDARD.with_args(constant=str(exc)))
    except json.JSONDecodeError as exc:
        return line_problem(number, _NOT_JSON.with_args(detail=exc.msg, column=exc.colno))
    except RecursionError:
        return line_problem(number, _TOO_DEEP.with_args(limit=MAX_DEPTH, where=""))
    problem = shape_problem(value)
    if problem is not None:
        return line_problem(number, problem)
    return JsonLine(number, value)


def _raw_lines(handle: Any) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes without the newline) per line; None for a line too long."""
    number = 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line
                chunk = handle.readline(MAX_LINE_BYTES)
            yield number, None
            continue
        line = chunk.rstrip(b"\n").rstrip(b"\r")
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        yield number, line


def line_count(path: Path) -> int:
    """How many lines ``path`` has (for a progress bar; 0 when it cannot be read)."""
    count = 0
    last = b"\n"
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return count + (last != b"\n")


def read_json_lines(path: Path) -> Iterator[JsonLine | LineProblem]:
    """Every non-blank line of ``path`` (see the module's rules); FileImportError when the
    file cannot be opened or read."""
    path = Path(path)
    try:
        handle = open(path, "rb")  # closed in the finally below
    except OSError as exc:
        raise FileImportError(
            _CANNOT_READ.with_args(path=path, reason=exc.strerror or str(exc)), unreadable=True
        ) from exc
    try:
        for number, raw in _raw_lines(handle):
            if raw is None:
                yield line_problem(number, _TOO_LONG_LINE.with_args(limit=f"{MAX_LINE_BYTES:,}"))
            elif raw.strip():
                yield parse_line(number, raw)
    except OSError as exc:
        raise FileImportError(
            _CANNOT_READ.with_args(path=path, reason=exc.strerror or str(exc)), unreadable=True
        ) from exc
    finally:
        handle.close()
