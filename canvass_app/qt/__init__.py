"""canvass_app.qt — Qt adapters without widgets: the sync worker thread, the position
service, the network monitor, background tasks and the crash handler."""
