"""canvass_app.cli — see ARCHITECTURE.md for what this layer owns."""
