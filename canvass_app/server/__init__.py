"""canvass_app.server — see ARCHITECTURE.md for what this layer owns."""
