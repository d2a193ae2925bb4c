"""Text from data, made safe to print on a terminal.

Visit data is typed by canvassers, imported from files and sent by servers. Printed as it
is, an escape sequence in a contact's name could recolour the terminal, rewrite its
title, hide the lines before it or (on some terminals) answer back keystrokes; a
right-to-left override could make a line read differently from what it holds; a line
break could forge a row of the table. Everything the commands print from data goes
through one of these:

- ``terminal_text``: for people. Escape sequences (CSI, OSC, DCS and the other ESC forms,
  7-bit and 8-bit) are removed whole, other C0/C1 controls and DEL are removed, line
  breaks and tabs become spaces, and the bidi controls (embeddings, overrides, isolates
  and marks) are removed.
- ``terminal_json``: for programs (``--json``). JSON already escapes C0 controls; the C1
  controls, DEL, bidi controls and line separators are escaped too (``\\u009b``), so the
  output is the same data, still valid JSON, and inert on a terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ESCAPE_SEQUENCES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                          # CSI ... final byte
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|\Z)  # OSC, DCS, SOS, PM, APC
  | \x1b[ -/]*[0-~]?                                          # any other ESC sequence
    """,
    re.VERBOSE | re.DOTALL,
)
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{_BIDI_CONTROLS}]")
# What JSON leaves raw (with ensure_ascii=False) that a terminal may still act on.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}]")


def terminal_text(value: object) -> str:
    """``value`` as one line of text that cannot drive the terminal."""
    text = "" if value is None else str(value)
    text = _ESCAPE_SEQUENCES.sub("", text)
    text = _LINE_BREAKS.sub(" ", text)
    text = _CONTROLS.sub("", text)
    return _BIDI.sub("", text)


def terminal_json(value: Any, **options: Any) -> str:
    """``json.dumps(value)`` (UTF-8 text kept readable) with terminal controls escaped."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
