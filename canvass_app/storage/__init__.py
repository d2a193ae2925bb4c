"""canvass_app.storage — see ARCHITECTURE.md for what this layer owns."""
