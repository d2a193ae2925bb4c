"""Canvass: offline-first door-to-door canvassing for the Polis API."""

__version__ = "0.1.0"

# The one application id: the desktop entry's file name, the AppStream id, the icon name,
# QGuiApplication.desktopFileName and the desktop id the location service (GeoClue) is
# asked with. Reverse DNS of the project's home, github.com/canvassapp.
APP_ID = "io.github.canvassapp.Canvass"
