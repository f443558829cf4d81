from kontext_studio.cli import main

raise SystemExit(main())
