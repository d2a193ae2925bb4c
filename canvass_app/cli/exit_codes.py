"""The exit codes of `canvass-app`: one table, the same meaning in every command.

README.md ("Exit codes") and `canvass-app --help` show this table; a test checks that
they agree. The sync codes (3, 4, 5) are ``core.outbox``'s, which ``SyncReport.exit_code``
returns.
"""

from __future__ import annotations

from enum import IntEnum

from canvass_app.core.outbox import EXIT_ATTENTION, EXIT_NOTHING_LEFT, EXIT_SIGN_IN, EXIT_WAITING


class ExitCode(IntEnum):
    OK = EXIT_NOTHING_LEFT
    FAILED = 1
    USAGE = 2
    WAITING = EXIT_WAITING
    ATTENTION = EXIT_ATTENTION
    SIGN_IN = EXIT_SIGN_IN
    DATA_DIR_BUSY = 6
    PIN = 7
    INTERRUPTED = 130


MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "done (sync: nothing is left to send)",
    ExitCode.FAILED: "the command could not do its work; the message says why, and nothing "
    "was half done (a file with bad lines, a visit that cannot change, a damaged database)",
    ExitCode.USAGE: "the command line is wrong: an unknown command or option, a bad value, "
    "no --api-url yet, a file that cannot be read",
    ExitCode.WAITING: "the network or the server is not available now; try again later "
    "(sync: visits wait for a retry)",
    ExitCode.ATTENTION: "some visits need attention or were rejected (sync); "
    "see `canvass-app history --state needs_attention,rejected`",
    ExitCode.SIGN_IN: "sign-in needed: no token, or the server refused it; run "
    "`canvass-app login` or set CANVASS_TOKEN",
    ExitCode.DATA_DIR_BUSY: "another Canvass is using this data folder (the app, or a command "
    "still running); close it or wait for it, then run the command again",
    ExitCode.PIN: "the supervisor PIN is needed (history, export, outbox export) and was not "
    "given, was wrong, or is refused for a while after wrong tries; the message says which",
    ExitCode.INTERRUPTED: "stopped with Ctrl+C; nothing was lost (the outbox is on disk)",
}

# What the app does after each failure, for the log line a failed command writes.
CONSEQUENCES: dict[int, str] = {
    ExitCode.FAILED: "nothing was changed by this command",
    ExitCode.USAGE: "nothing was done",
    ExitCode.WAITING: "nothing was lost; the command can be run again when the server answers",
    ExitCode.ATTENTION: "the visits are kept on this laptop for a supervisor",
    ExitCode.SIGN_IN: "nothing more is sent or downloaded until then",
    ExitCode.DATA_DIR_BUSY: "nothing was changed by this command",
    ExitCode.PIN: "nothing was shown or written; the wrong try counts towards the lockout",
    ExitCode.INTERRUPTED: "nothing was lost",
}


def table_text(width: int = 88) -> str:
    """The table as `--help` shows it."""
    import textwrap

    return "\n".join(
        textwrap.fill(
            MEANINGS[code],
            width,
            initial_indent=f"  {int(code):>3}  ",
            subsequent_indent=" " * 7,
            break_on_hyphens=False,
        )
        for code in ExitCode
    )


def for_api_error(error: Exception) -> ExitCode:
    """The exit code of a command stopped by an API error (``canvass_app.api.errors``)."""
    from canvass_app.api.errors import (
        AuthError,
        ForbiddenError,
        RateLimitedError,
        TransientError,
    )

    if isinstance(error, AuthError | ForbiddenError):
        return ExitCode.SIGN_IN
    if isinstance(error, TransientError | RateLimitedError):
        return ExitCode.WAITING
    return ExitCode.FAILED
