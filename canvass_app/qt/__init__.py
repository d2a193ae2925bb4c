"""canvass_app.qt — see ARCHITECTURE.md for what this layer owns."""
