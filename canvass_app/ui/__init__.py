"""canvass_app.ui — see ARCHITECTURE.md for what this layer owns."""
