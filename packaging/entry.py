"""PyInstaller's entry script: the same `main` as the `canvass-app` console script."""

from canvass_app.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
