"""canvass_app.sync — see ARCHITECTURE.md for what this layer owns."""
