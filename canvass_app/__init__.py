"""Canvass: offline-first door-to-door canvassing for the Polis API."""

__version__ = "0.1.0"
