"""The passphrase of the visits database on the command line (where no keyring works).

In a terminal it is typed, hidden (``getpass``), twice when it is new, after the words
that say what it means. ``--passphrase-stdin`` reads it from the first line of standard
input instead, for scripts (a ``--pin-stdin`` PIN comes on the next line). Never echoed,
logged or written anywhere.
"""

from __future__ import annotations

import getpass
import sys

from canvass_app.services.database import PassphrasePrompt

_CONFIRM_MISMATCH = "The two passphrases differ; type them again."


class StdinOrTerminal:
    """The ``ask`` of ``services.database``: standard input's first line (once), or the
    terminal; None (nothing to ask with, or nothing typed) lets the service say so."""

    def __init__(self, from_stdin: bool) -> None:
        self._from_stdin = from_stdin
        self._stdin_read = False

    def __call__(self, prompt: PassphrasePrompt) -> str | None:
        if self._from_stdin:
            if self._stdin_read:  # one line was given, and it was refused
                return None
            self._stdin_read = True
            if prompt.new:  # what choosing it means is said once, scripts or not
                print(f"canvass-app: {prompt.explanation}", file=sys.stderr)
            return sys.stdin.readline().rstrip("\r\n") or None
        if not sys.stdin.isatty():
            return None
        print(f"canvass-app: {prompt.problem or prompt.explanation}", file=sys.stderr)
        while True:
            first = getpass.getpass("Passphrase: ", stream=sys.stderr)
            if not first or not prompt.new:
                return first or None
            if getpass.getpass("The same passphrase again: ", stream=sys.stderr) == first:
                return first
            print(f"canvass-app: {_CONFIRM_MISMATCH}", file=sys.stderr)
