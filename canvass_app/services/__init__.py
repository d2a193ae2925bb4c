"""canvass_app.services — see ARCHITECTURE.md for what this layer owns."""
