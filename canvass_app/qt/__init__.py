"""canvass_app.qt — Qt adapters without widgets: the sync worker thread, the position
service, the network monitor, background tasks and the crash handler.

Importing this package applies the PySide6 signal reference-count fix in `tasks` (see
its docstring) before any signal is emitted.
"""

from canvass_app.qt import tasks as _tasks  # noqa: F401  (applies the PySide6 workaround)
