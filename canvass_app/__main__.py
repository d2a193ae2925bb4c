from canvass_app.cli.main import main

raise SystemExit(main())
