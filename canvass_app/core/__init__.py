"""canvass_app.core — see ARCHITECTURE.md for what this layer owns."""
