"""The database check every start does before anything writes to the database."""

from __future__ import annotations

import logging
from pathlib import Path

from canvass_app.services.recovery import RecoveryError, recover_damaged_database
from canvass_app.storage.db import DB_FILENAME
from canvass_app.storage.integrity import check_database

log = logging.getLogger("canvass.services")


def check_and_recover(data_dir: Path) -> str | None:
    """None when the database is sound (or new); else what happened, in words.

    A damaged file is set aside (kept, never written to) and the unsent visits that can
    still be read are exported for `canvass-app outbox import`; the next open starts a
    fresh database.
    """
    path = data_dir / DB_FILENAME
    if not path.exists():
        return None
    report = check_database(path, quick=True)
    if report.ok:
        return None
    log.error("The database failed its check: %s", "; ".join(report.problems[:5]))
    try:
        recovery = recover_damaged_database(data_dir, set_aside=True)
    except RecoveryError as error:
        return (
            f"The visits database is damaged and could not be recovered automatically: {error}. "
            f"Nothing was deleted; the file is still at {path}. Contact your supervisor."
        )
    return recovery.message
