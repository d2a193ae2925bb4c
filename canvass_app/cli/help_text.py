"""Shared words of `--help`: examples, the environment variables, the exit codes."""

from __future__ import annotations

# Every environment variable the app reads (README.md "The command line" lists the same).
ENVIRONMENT = """\
environment:
  CANVASS_TOKEN     the access token, for scripts and CI (read, never written anywhere);
                    without it the token comes from the system keyring (`login`)
  CANVASS_DATA_DIR  the data dir when --data-dir is not given
  XDG_DATA_HOME     where the default data dir is on Linux: $XDG_DATA_HOME/canvass, else
                    ~/.local/share/canvass (Windows: %APPDATA%\\Canvass; macOS:
                    ~/Library/Application Support/Canvass)
  USER, USERNAME    the canvasser named on imported visits when neither --canvasser
                    nor the settings give a name"""

TOKEN_NOTE = (
    "The token comes from CANVASS_TOKEN when it is set, else from the system keyring "
    "(`canvass-app login`)."
)


def examples(*lines: str, note: str | None = None) -> str:
    """An argparse epilog: a note, then ``canvass-app`` example lines."""
    text = "examples:\n" + "\n".join(f"  {line}" for line in lines)
    return f"{note}\n\n{text}" if note else text
